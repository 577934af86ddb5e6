import {
  Attr,
  BATCH_HEADER_SIZE,
  BATCH_LOG_OVERHEAD,
  type BatchHeader,
  CURRENT_MAGIC,
  checkBatchAt,
  computeBatchCrc,
  describeBatchProblem,
  Off,
  readBatchHeader,
} from './batch-header.js';
import { type CodecSet, CompressionType, compress, decompress, defaultCodecs } from './compression/index.js';
import { CorruptBatchError, InvalidBatchInputError } from './errors.js';
import { decodeRecords, encodeRecord, type KafkaRecord, type RecordInput } from './record.js';
import { Writer } from '../writer.js';

export enum TimestampType {
  CreateTime = 0,
  LogAppendTime = 1,
}

const NO_TIMESTAMP = -1;
const INT32_MAX = 2147483647;

export interface RecordBatchInput {
  baseOffset?: number;
  partitionLeaderEpoch?: number;
  compression?: CompressionType;
  timestampType?: TimestampType;
  isTransactional?: boolean;
  isControlBatch?: boolean;
  /** -1 (the default) when the producer is not idempotent. */
  producerId?: number;
  producerEpoch?: number;
  baseSequence?: number;
  /**
   * Computed from the records when absent. Given when re-encoding a decoded
   * batch, because compaction can drop the records they were computed from.
   */
  baseTimestamp?: number;
  maxTimestamp?: number;
  lastOffsetDelta?: number;
  records: readonly RecordInput[];
}

export interface RecordBatch extends BatchHeader {
  compression: CompressionType;
  timestampType: TimestampType;
  isTransactional: boolean;
  isControlBatch: boolean;
  /** Under LogAppendTime every record carries the batch's maxTimestamp, as Kafka's clients report it. */
  records: KafkaRecord[];
}

function writeInt64(buf: Buffer, at: number, v: number): void {
  buf.writeInt32BE(Math.floor(v / 4294967296), at);
  buf.writeUInt32BE(v >>> 0, at + 4);
}

function attributesOf(input: RecordBatchInput, compression: CompressionType): number {
  let attributes: number = compression;
  if (input.timestampType === TimestampType.LogAppendTime) attributes |= Attr.timestampTypeLogAppend;
  if (input.isTransactional) attributes |= Attr.transactional;
  if (input.isControlBatch) attributes |= Attr.control;
  return attributes;
}

/** Encodes a v2 batch; `codecs` chooses the compression implementations (native addons by default). */
export function encodeRecordBatch(input: RecordBatchInput, codecs: CodecSet = defaultCodecs): Buffer {
  const { records } = input;
  if (records.length === 0 && input.lastOffsetDelta === undefined) {
    throw new InvalidBatchInputError(
      'a batch needs at least one record; only an empty batch kept by compaction may have none, and it must give lastOffsetDelta',
    );
  }
  const baseTimestamp = input.baseTimestamp ?? records[0]?.timestamp ?? NO_TIMESTAMP;
  let maxTimestamp = NO_TIMESTAMP;
  let lastDelta = -1;
  const w = new Writer(64 + 32 * records.length);
  for (let i = 0; i < records.length; i++) {
    const rec = records[i]!;
    const offsetDelta = rec.offsetDelta ?? i;
    if (!Number.isInteger(offsetDelta) || offsetDelta <= lastDelta || offsetDelta > INT32_MAX) {
      throw new InvalidBatchInputError(
        `record ${i} has offsetDelta ${offsetDelta} after ${lastDelta}; offset deltas must be int32s that increase through the batch`,
      );
    }
    if (!Number.isSafeInteger(rec.timestamp)) {
      throw new InvalidBatchInputError(`record ${i} has timestamp ${rec.timestamp}; give whole milliseconds since the epoch`);
    }
    encodeRecord(w, rec, offsetDelta, rec.timestamp - baseTimestamp);
    if (rec.timestamp > maxTimestamp) maxTimestamp = rec.timestamp;
    lastDelta = offsetDelta;
  }
  const lastOffsetDelta = input.lastOffsetDelta ?? lastDelta;
  if (lastOffsetDelta < lastDelta) {
    throw new InvalidBatchInputError(`lastOffsetDelta ${lastOffsetDelta} is below the last record's offsetDelta ${lastDelta}`);
  }

  const compression = input.compression ?? CompressionType.None;
  const payload = compress(compression, w.toBuffer(), codecs);
  const batch = Buffer.allocUnsafe(BATCH_HEADER_SIZE + payload.length);
  writeInt64(batch, Off.baseOffset, input.baseOffset ?? 0);
  batch.writeInt32BE(BATCH_HEADER_SIZE - BATCH_LOG_OVERHEAD + payload.length, Off.batchLength);
  batch.writeInt32BE(input.partitionLeaderEpoch ?? -1, Off.partitionLeaderEpoch);
  batch.writeInt8(CURRENT_MAGIC, Off.magic);
  batch.writeInt16BE(attributesOf(input, compression), Off.attributes);
  batch.writeInt32BE(lastOffsetDelta, Off.lastOffsetDelta);
  writeInt64(batch, Off.baseTimestamp, baseTimestamp);
  writeInt64(batch, Off.maxTimestamp, input.maxTimestamp ?? maxTimestamp);
  writeInt64(batch, Off.producerId, input.producerId ?? -1);
  batch.writeInt16BE(input.producerEpoch ?? -1, Off.producerEpoch);
  batch.writeInt32BE(input.baseSequence ?? -1, Off.baseSequence);
  batch.writeInt32BE(records.length, Off.recordCount);
  payload.copy(batch, BATCH_HEADER_SIZE);
  batch.writeUInt32BE(computeBatchCrc(batch), Off.crc);
  return batch;
}

/** Checks exactly one batch (CRC included) and reads its header; throws CorruptBatchError naming the fault. */
export function checkedBatchHeader(batch: Buffer): BatchHeader {
  const size = checkBatchAt(batch, 0);
  if (typeof size !== 'number') throw new CorruptBatchError(size.kind, describeBatchProblem(size));
  if (size !== batch.length) {
    throw new CorruptBatchError('trailing-bytes', `${batch.length - size} bytes follow the ${size}-byte batch (decode a run of batches with decodeRecordBatches)`);
  }
  return readBatchHeader(batch);
}

/** The records of a checked batch, decompressed if need be (a view into the batch when not). */
export function batchRecordData(batch: Buffer, compression: CompressionType, codecs: CodecSet = defaultCodecs): Buffer {
  const payload = batch.subarray(BATCH_HEADER_SIZE);
  return compression === CompressionType.None ? payload : decompress(compression, payload, codecs);
}

/** Decodes exactly one batch, checking its CRC and decompressing its records. */
export function decodeRecordBatch(batch: Buffer, codecs: CodecSet = defaultCodecs): RecordBatch {
  const header = checkedBatchHeader(batch);
  const { attributes } = header;
  const compression: CompressionType = attributes & Attr.compressionMask;
  const records = decodeRecords(batchRecordData(batch, compression, codecs), header.recordCount, header.baseOffset, header.baseTimestamp);
  const logAppend = (attributes & Attr.timestampTypeLogAppend) !== 0;
  if (logAppend) for (const rec of records) rec.timestamp = header.maxTimestamp;
  return {
    ...header,
    compression,
    timestampType: logAppend ? TimestampType.LogAppendTime : TimestampType.CreateTime,
    isTransactional: (attributes & Attr.transactional) !== 0,
    isControlBatch: (attributes & Attr.control) !== 0,
    records,
  };
}

/**
 * Calls `visit` with each whole batch of a record set laid end to end, as a
 * Fetch returns them, until it returns false. A cut-off last batch is
 * skipped, not an error: brokers cut the record set at the fetch size.
 */
export function forEachBatch(records: Buffer, visit: (batch: Buffer) => boolean): void {
  let at = 0;
  while (records.length - at >= BATCH_LOG_OVERHEAD) {
    const batchLength = records.readInt32BE(at + Off.batchLength);
    if (batchLength < BATCH_HEADER_SIZE - BATCH_LOG_OVERHEAD) {
      throw new CorruptBatchError('bad-length', `at byte ${at}: ${describeBatchProblem({ kind: 'bad-length', batchLength })}`);
    }
    const end = at + BATCH_LOG_OVERHEAD + batchLength;
    if (end > records.length || !visit(records.subarray(at, end))) return;
    at = end;
  }
}

/**
 * Decodes the batches of a record set laid end to end (see forEachBatch). No
 * batch decoded from non-empty input means the first batch is larger than the
 * fetch size.
 */
export function decodeRecordBatches(records: Buffer, codecs: CodecSet = defaultCodecs): RecordBatch[] {
  const batches: RecordBatch[] = [];
  forEachBatch(records, (batch) => {
    batches.push(decodeRecordBatch(batch, codecs));
    return true;
  });
  return batches;
}
