import { batchSizeAt, readBatchHeader } from '../../protocol/records/batch-header.js';
import type { PartitionLog } from '../log/partition-log.js';
import type { TxnPartitions } from './txn-partitions.js';

/** Fetch's and ListOffsets' isolation levels. */
export const READ_COMMITTED = 1;

export interface IsolatedRead {
  records: Buffer;
  lastStableOffset: number;
  /** null for read_uncommitted, as Kafka answers; else the aborted transactions of the range returned. */
  abortedTransactions: { producerId: number; firstOffset: number }[] | null;
}

/** The batches of `data` (read from the log) that start before `end`. */
function cutAt(data: Buffer, end: number): { records: Buffer; nextOffset: number | null } {
  let at = 0;
  let nextOffset: number | null = null;
  while (at < data.length) {
    const h = readBatchHeader(data, at);
    if (h.baseOffset >= end) break;
    nextOffset = h.baseOffset + h.lastOffsetDelta + 1;
    at += batchSizeAt(data, at);
  }
  return { records: at === data.length ? data : data.subarray(0, at), nextOffset };
}

/**
 * What a fetch at `isolationLevel` may see of what was read from `fetchOffset`:
 * read_committed stops at the last stable offset and names the aborted
 * transactions of the range, so the client drops their records (KIP-98).
 * read_uncommitted gets everything; its last stable offset is reported only
 * for partitions whose transaction state is already built, so plain reads
 * never pay for a scan of the log.
 */
export function isolatedRead(txns: TxnPartitions, log: PartitionLog, fetchOffset: number, data: Buffer, isolationLevel: number): IsolatedRead {
  if (isolationLevel !== READ_COMMITTED) {
    return { records: data, lastStableOffset: txns.lastStableOffsetIfKnown(log), abortedTransactions: null };
  }
  const state = txns.of(log);
  const lastStableOffset = state.lastStableOffset(log.logEndOffset);
  const { records, nextOffset } = cutAt(data, lastStableOffset);
  const aborted = nextOffset === null ? [] : state.abortedIn(fetchOffset, nextOffset);
  return { records, lastStableOffset, abortedTransactions: aborted.map((a) => ({ producerId: a.producerId, firstOffset: a.firstOffset })) };
}
