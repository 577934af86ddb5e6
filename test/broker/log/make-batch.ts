import { BATCH_HEADER_SIZE, BATCH_LOG_OVERHEAD, CURRENT_MAGIC, Off, computeBatchCrc } from '../../../src/protocol/records/batch-header.js';

export interface BatchSpec {
  /** Records the batch claims; the log never parses them, so their bytes are filler. */
  records?: number;
  /** Bytes after the 61-byte header. */
  bodyBytes?: number;
  baseTimestamp?: number;
  maxTimestamp?: number;
  lastOffsetDelta?: number;
  /** Seeds the filler so batches differ. */
  seed?: number;
}

/** A valid v2 batch with base offset 0 and leader epoch -1 (so the log's rewrite of both shows). */
export function makeBatch(spec: BatchSpec = {}): Buffer {
  const records = spec.records ?? 1;
  const bodyBytes = spec.bodyBytes ?? 20;
  const seed = spec.seed ?? 0;
  const batch = Buffer.alloc(BATCH_HEADER_SIZE + bodyBytes);
  for (let i = BATCH_HEADER_SIZE; i < batch.length; i++) batch[i] = (seed * 31 + i) & 0xff;
  batch.writeInt32BE(batch.length - BATCH_LOG_OVERHEAD, Off.batchLength);
  batch.writeInt32BE(-1, Off.partitionLeaderEpoch);
  batch.writeInt8(CURRENT_MAGIC, Off.magic);
  batch.writeInt32BE(spec.lastOffsetDelta ?? records - 1, Off.lastOffsetDelta);
  const maxTimestamp = spec.maxTimestamp ?? 1_700_000_000_000;
  batch.writeBigInt64BE(BigInt(spec.baseTimestamp ?? maxTimestamp), Off.baseTimestamp);
  batch.writeBigInt64BE(BigInt(maxTimestamp), Off.maxTimestamp);
  batch.writeBigInt64BE(-1n, Off.producerId);
  batch.writeInt16BE(-1, Off.producerEpoch);
  batch.writeInt32BE(-1, Off.baseSequence);
  batch.writeInt32BE(records, Off.recordCount);
  batch.writeUInt32BE(computeBatchCrc(batch), Off.crc);
  return batch;
}
