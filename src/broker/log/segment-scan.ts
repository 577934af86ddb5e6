import {
  BATCH_HEADER_SIZE,
  batchSizeAt,
  checkBatchAt,
  describeBatchProblem,
} from '../../protocol/records/batch-header.js';
import { batchBaseOffset, batchLastOffset, batchMaxTimestamp } from './batch-fields.js';
import { readUpTo } from './file-io.js';

const CHUNK_BYTES = 1024 * 1024;

export interface ScanResult {
  /** Bytes of whole, valid batches from the start of the file. */
  validBytes: number;
  /** The offset after the last valid batch. */
  nextOffset: number;
  /** Why the scan stopped before the end of the file, or null if it did not. */
  problem: string | null;
}

export type BatchVisitor = (position: number, size: number, lastOffset: number, maxTimestamp: number) => void;

/**
 * Walks a segment file's batches from its start in large sequential reads,
 * checking each with checkBatchAt and that offsets continue from the segment's
 * base offset. Stops at the first batch that is cut short, corrupt or out of
 * sequence: everything before it is what recovery keeps. With `gaps`, a batch may
 * start past the offset after the one before it (a segment the cleaner rewrote
 * drops whole batches), but never at or before it.
 */
export function scanBatches(fd: number, fileSize: number, baseOffset: number, visit: BatchVisitor, gaps = false): ScanResult {
  let buf = Buffer.allocUnsafe(Math.max(1, Math.min(CHUNK_BYTES, fileSize)));
  let bufStart = 0;
  let bufEnd = 0;
  let position = 0;
  let nextOffset = baseOffset;
  const stop = (problem: string): ScanResult => ({ validBytes: position, nextOffset, problem });
  // Returns false when the file yields fewer bytes than its size promised.
  const hold = (length: number): boolean => {
    if (position + length <= bufEnd) return true;
    if (length > buf.length) buf = Buffer.allocUnsafe(Math.max(length, CHUNK_BYTES));
    bufStart = position;
    bufEnd = position + readUpTo(fd, buf, Math.min(buf.length, fileSize - position), position);
    return position + length <= bufEnd;
  };

  while (position < fileSize) {
    const remaining = fileSize - position;
    if (remaining < BATCH_HEADER_SIZE) {
      return stop(describeBatchProblem({ kind: 'truncated', need: BATCH_HEADER_SIZE, have: remaining }));
    }
    if (!hold(BATCH_HEADER_SIZE)) return stop('the file ended before its reported size');
    const claimed = batchSizeAt(buf, position - bufStart);
    if (claimed > remaining) return stop(describeBatchProblem({ kind: 'truncated', need: claimed, have: remaining }));
    const size = Math.max(claimed, BATCH_HEADER_SIZE);
    if (!hold(size)) return stop('the file ended before its reported size');
    const at = position - bufStart;
    const checked = checkBatchAt(buf, at, at + size);
    if (typeof checked !== 'number') return stop(describeBatchProblem(checked));
    const base = batchBaseOffset(buf, at);
    if (gaps ? base < nextOffset : base !== nextOffset) return stop(`batch base offset ${base} does not continue the log at ${nextOffset}`);
    const lastOffset = batchLastOffset(buf, at);
    visit(position, size, lastOffset, batchMaxTimestamp(buf, at));
    nextOffset = lastOffset + 1;
    position += size;
  }
  return { validBytes: position, nextOffset, problem: null };
}
