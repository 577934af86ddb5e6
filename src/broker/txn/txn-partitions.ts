import type { PartitionLog } from '../log/partition-log.js';
import { PartitionTxns } from './partition-txns.js';

/**
 * The transaction state of every partition, built from its log the first time
 * it is asked for (so a partition never written transactionally costs nothing
 * until a read_committed reader or a marker needs it). Keyed by the log object,
 * so a deleted and recreated topic starts clean. The cleaner (compaction) asks
 * here which transactions a range holds before it drops records or markers.
 */
export class TxnPartitions {
  private readonly states = new WeakMap<PartitionLog, PartitionTxns>();

  of(log: PartitionLog): PartitionTxns {
    let state = this.states.get(log);
    if (!state) {
      state = PartitionTxns.rebuild(log);
      this.states.set(log, state);
    }
    state.trim(log.logStartOffset);
    return state;
  }

  /** Notes batches just appended; a partition not built yet will see them when it is rebuilt from the log. */
  appended(log: PartitionLog, records: Buffer): void {
    this.states.get(log)?.appended(records);
  }

  /** The last stable offset where the state is built, else the log end offset (no scan of the log). */
  lastStableOffsetIfKnown(log: PartitionLog): number {
    return this.states.get(log)?.lastStableOffset(log.logEndOffset) ?? log.logEndOffset;
  }

  /** The last stable offset of a partition: where a read_committed reader stops. */
  lastStableOffset(log: PartitionLog): number {
    return this.of(log).lastStableOffset(log.logEndOffset);
  }
}
