import {
  BATCH_HEADER_SIZE,
  Off,
  batchSizeAt,
  setBaseOffset,
  setPartitionLeaderEpoch,
} from '../../protocol/records/batch-header.js';
import { MalformedAppendError } from './errors.js';

/**
 * Gives the batches in `batches` consecutive offsets from `firstOffset` and
 * leader epoch 0, in place. The CRC covers neither field, so the producer's
 * bytes stay valid without re-encoding. Returns the last offset assigned.
 */
export function assignOffsets(batches: Buffer, firstOffset: number): number {
  if (batches.length === 0) throw new MalformedAppendError('append got no bytes; pass one or more whole v2 batches');
  let at = 0;
  let next = firstOffset;
  while (at < batches.length) {
    const size = batches.length - at >= BATCH_HEADER_SIZE ? batchSizeAt(batches, at) : 0;
    const lastOffsetDelta = size > 0 ? batches.readInt32BE(at + Off.lastOffsetDelta) : -1;
    if (size < BATCH_HEADER_SIZE || at + size > batches.length || lastOffsetDelta < 0) {
      throw new MalformedAppendError(
        `append got no whole v2 batch at byte ${at} of ${batches.length}; validate every batch with checkBatchAt before appending`,
      );
    }
    setBaseOffset(batches, next, at);
    setPartitionLeaderEpoch(batches, 0, at);
    next += lastOffsetDelta + 1;
    at += size;
  }
  return next - 1;
}
