import { crc32c } from '@node-rs/crc32';

/**
 * The fixed 61-byte header of a v2 record batch, read in place.
 * The broker needs only this to validate, place and serve a batch, which is
 * why it never decompresses or re-encodes what producers send.
 */
export const BATCH_HEADER_SIZE = 61;
/** baseOffset (8) + batchLength (4): the bytes before batchLength's count starts. */
export const BATCH_LOG_OVERHEAD = 12;
export const CURRENT_MAGIC = 2;

export const Off = {
  baseOffset: 0,
  batchLength: 8,
  partitionLeaderEpoch: 12,
  magic: 16,
  crc: 17,
  attributes: 21,
  lastOffsetDelta: 23,
  baseTimestamp: 27,
  maxTimestamp: 35,
  producerId: 43,
  producerEpoch: 51,
  baseSequence: 53,
  recordCount: 57,
} as const;

export const Attr = {
  compressionMask: 0x07,
  timestampTypeLogAppend: 0x08,
  transactional: 0x10,
  control: 0x20,
} as const;

export interface BatchHeader {
  baseOffset: number;
  batchLength: number;
  partitionLeaderEpoch: number;
  magic: number;
  crc: number;
  attributes: number;
  lastOffsetDelta: number;
  baseTimestamp: number;
  maxTimestamp: number;
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  recordCount: number;
}

function int64At(buf: Buffer, at: number): number {
  return buf.readInt32BE(at) * 4294967296 + buf.readUInt32BE(at + 4);
}

export function readBatchHeader(buf: Buffer, at = 0): BatchHeader {
  return {
    baseOffset: int64At(buf, at + Off.baseOffset),
    batchLength: buf.readInt32BE(at + Off.batchLength),
    partitionLeaderEpoch: buf.readInt32BE(at + Off.partitionLeaderEpoch),
    magic: buf.readInt8(at + Off.magic),
    crc: buf.readUInt32BE(at + Off.crc),
    attributes: buf.readInt16BE(at + Off.attributes),
    lastOffsetDelta: buf.readInt32BE(at + Off.lastOffsetDelta),
    baseTimestamp: int64At(buf, at + Off.baseTimestamp),
    maxTimestamp: int64At(buf, at + Off.maxTimestamp),
    producerId: int64At(buf, at + Off.producerId),
    producerEpoch: buf.readInt16BE(at + Off.producerEpoch),
    baseSequence: buf.readInt32BE(at + Off.baseSequence),
    recordCount: buf.readInt32BE(at + Off.recordCount),
  };
}

/** Total bytes of the batch starting at `at`, as its header claims. */
export function batchSizeAt(buf: Buffer, at = 0): number {
  return BATCH_LOG_OVERHEAD + buf.readInt32BE(at + Off.batchLength);
}

/** CRC32C over attributes..end, as the v2 format defines it. */
export function computeBatchCrc(batch: Buffer): number {
  return crc32c(batch.subarray(Off.attributes)) >>> 0;
}

export function batchCrcValid(batch: Buffer): boolean {
  return batch.length >= BATCH_HEADER_SIZE && computeBatchCrc(batch) === batch.readUInt32BE(Off.crc);
}

/**
 * Sets the batch's base offset in place. The CRC does not cover the first
 * 21 bytes, so assigning offsets needs no re-encoding.
 */
export function setBaseOffset(batch: Buffer, baseOffset: number, at = 0): void {
  batch.writeInt32BE(Math.floor(baseOffset / 4294967296), at + Off.baseOffset);
  batch.writeUInt32BE(baseOffset >>> 0, at + Off.baseOffset + 4);
}

export function setPartitionLeaderEpoch(batch: Buffer, epoch: number, at = 0): void {
  batch.writeInt32BE(epoch, at + Off.partitionLeaderEpoch);
}

export type BatchProblem =
  | { kind: 'truncated'; need: number; have: number }
  | { kind: 'bad-length'; batchLength: number }
  | { kind: 'bad-magic'; magic: number }
  | { kind: 'bad-crc'; stored: number; computed: number }
  | { kind: 'bad-count'; recordCount: number; lastOffsetDelta: number };

/**
 * Checks one whole batch at `at` in `buf` without trusting any of its fields.
 * Returns the batch size, or the first problem found.
 */
export function checkBatchAt(buf: Buffer, at: number, end = buf.length): number | BatchProblem {
  const have = end - at;
  if (have < BATCH_HEADER_SIZE) return { kind: 'truncated', need: BATCH_HEADER_SIZE, have };
  const batchLength = buf.readInt32BE(at + Off.batchLength);
  if (batchLength < BATCH_HEADER_SIZE - BATCH_LOG_OVERHEAD) return { kind: 'bad-length', batchLength };
  const size = BATCH_LOG_OVERHEAD + batchLength;
  if (have < size) return { kind: 'truncated', need: size, have };
  const magic = buf.readInt8(at + Off.magic);
  if (magic !== CURRENT_MAGIC) return { kind: 'bad-magic', magic };
  const stored = buf.readUInt32BE(at + Off.crc);
  const computed = crc32c(buf.subarray(at + Off.attributes, at + size)) >>> 0;
  if (stored !== computed) return { kind: 'bad-crc', stored, computed };
  const recordCount = buf.readInt32BE(at + Off.recordCount);
  const lastOffsetDelta = buf.readInt32BE(at + Off.lastOffsetDelta);
  if (recordCount < 0 || lastOffsetDelta < 0 || (recordCount > 0 && lastOffsetDelta < recordCount - 1)) {
    return { kind: 'bad-count', recordCount, lastOffsetDelta };
  }
  return size;
}

export function describeBatchProblem(p: BatchProblem): string {
  switch (p.kind) {
    case 'truncated':
      return `batch cut short: needs ${p.need} bytes, ${p.have} present`;
    case 'bad-length':
      return `batch length ${p.batchLength} is below the v2 header size`;
    case 'bad-magic':
      return `record format magic ${p.magic} is not supported; only v2 batches (Kafka 0.11+ clients) are accepted`;
    case 'bad-crc':
      return `CRC32C mismatch: stored ${p.stored.toString(16)}, computed ${p.computed.toString(16)}`;
    case 'bad-count':
      return `record count ${p.recordCount} does not fit lastOffsetDelta ${p.lastOffsetDelta}`;
  }
}
