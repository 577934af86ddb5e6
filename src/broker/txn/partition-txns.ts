import { batchSizeAt, readBatchHeader, type BatchHeader } from '../../protocol/records/batch-header.js';
import type { PartitionLog } from '../log/partition-log.js';
import { isControlBatch, isTransactionalBatch, markerOutcome, type TxnOutcome } from './control-batch.js';

/** One aborted transaction in one partition: its first data offset and the offset of its abort marker. */
export interface AbortedTxn {
  producerId: number;
  firstOffset: number;
  lastOffset: number;
}

/**
 * The transactions of one partition: the open ones (producer id to first
 * offset), which hold back the last stable offset, and the aborted ones, which
 * a read_committed fetch reports so that the client drops their records.
 * Everything here follows from the log itself (data batches and markers), so
 * it is rebuilt by scanning the log after a restart and is as durable as it.
 */
export class PartitionTxns {
  private readonly open = new Map<number, number>();
  /** Ordered by lastOffset, since markers are appended in offset order. */
  private readonly aborted: AbortedTxn[] = [];

  static rebuild(log: PartitionLog): PartitionTxns {
    const state = new PartitionTxns();
    log.forEachBatchHeader(log.logStartOffset, (h) => {
      if (!isControlBatch(h.attributes)) return state.noteData(h);
      // Markers are small and few: only their one record is read.
      const outcome = markerOutcome(firstBatch(log.read(h.baseOffset, 1)));
      if (outcome) state.noteMarker(h.producerId, outcome, h.baseOffset);
    });
    return state;
  }

  /** Notes a stored data batch; a transactional one opens its producer's transaction here if none is open. */
  noteData(h: BatchHeader): void {
    if (!isTransactionalBatch(h.attributes) || isControlBatch(h.attributes)) return;
    if (!this.open.has(h.producerId)) this.open.set(h.producerId, h.baseOffset);
  }

  /** Notes a stored marker; a marker for a producer with nothing open here closes nothing, as in Kafka. */
  noteMarker(producerId: number, outcome: TxnOutcome, markerOffset: number): void {
    const first = this.open.get(producerId);
    if (first === undefined) return;
    this.open.delete(producerId);
    if (outcome === 'abort') this.aborted.push({ producerId, firstOffset: first, lastOffset: markerOffset });
  }

  /** Notes every batch of `records` just appended (their offsets assigned). */
  appended(records: Buffer): void {
    for (let at = 0; at < records.length; at += batchSizeAt(records, at)) this.noteData(readBatchHeader(records, at));
  }

  /** The first offset a read_committed reader may not see yet: the start of the earliest open transaction, else the log end. */
  lastStableOffset(logEndOffset: number): number {
    let lso = logEndOffset;
    for (const first of this.open.values()) lso = Math.min(lso, first);
    return lso;
  }

  openProducers(): { producerId: number; firstOffset: number }[] {
    return [...this.open].map(([producerId, firstOffset]) => ({ producerId, firstOffset }));
  }

  /** The aborted transactions with records in [from, to): what a fetch of that range must report. */
  abortedIn(from: number, to: number): AbortedTxn[] {
    return this.aborted.filter((a) => a.lastOffset >= from && a.firstOffset < to);
  }

  /** Forgets aborted transactions wholly before the log start (deleted by retention). */
  trim(logStartOffset: number): void {
    let drop = 0;
    while (drop < this.aborted.length && this.aborted[drop]!.lastOffset < logStartOffset) drop++;
    if (drop > 0) this.aborted.splice(0, drop);
  }
}

function firstBatch(records: Buffer): Buffer {
  return records.subarray(0, batchSizeAt(records, 0));
}
