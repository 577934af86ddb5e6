import type { Logger } from '../../log.js';
import type { BatchHeader } from '../../protocol/records/batch-header.js';
import type { PartitionLog } from '../log/partition-log.js';
import { hasIdempotentBatch, PartitionProducers, type ProducerSnapshot, type SequenceVerdict } from './partition-producers.js';
import { ProducerIdAllocator } from './producer-ids.js';

/**
 * How far back a partition's batch headers are read to rebuild its producers'
 * state, the first time an idempotent producer writes to it in this run. A
 * retry of a batch from before a restart comes within the client's delivery
 * timeout, so it lies well inside this tail; a producer seen only earlier is
 * treated as new, as Kafka treats a producer whose state has expired.
 */
const REBUILD_TAIL_OFFSETS = 1_000_000;

/**
 * Idempotent producers (KIP-98): ids and epochs for InitProducerId, and per
 * partition the sequence state that lets Produce store a retried batch once.
 * State is keyed by the partition's log object, so a deleted and recreated
 * topic starts clean.
 */
export class IdempotentProducers {
  private readonly ids: ProducerIdAllocator;
  private readonly partitions = new WeakMap<PartitionLog, PartitionProducers>();

  constructor(dataDir: string, private readonly logger: Logger) {
    this.ids = new ProducerIdAllocator(dataDir, logger);
  }

  /** A new producer id at epoch 0: without a transactional id every InitProducerId starts a new producer, as in Kafka. */
  initProducerId(): { producerId: number; producerEpoch: number } {
    return { producerId: this.ids.allocate(), producerEpoch: 0 };
  }

  private stateOf(log: PartitionLog): PartitionProducers {
    let state = this.partitions.get(log);
    if (!state) {
      state = new PartitionProducers();
      const from = Math.max(log.logStartOffset, log.logEndOffset - REBUILD_TAIL_OFFSETS);
      const started = Date.now();
      const rebuilt = state;
      log.forEachBatchHeader(from, (h: BatchHeader) => rebuilt.note(h));
      this.partitions.set(log, state);
      this.logger.debug({ dir: log.dir, from, ms: Date.now() - started }, 'rebuilt idempotent producer state from batch headers');
    }
    return state;
  }

  /** Whether the batches of one produce request may be appended, are a duplicate, or must be refused. */
  check(log: PartitionLog, records: Buffer): SequenceVerdict {
    if (!hasIdempotentBatch(records)) return { kind: 'append' };
    return this.stateOf(log).check(records);
  }

  /** Records the sequences of batches just appended (offsets assigned). */
  appended(log: PartitionLog, records: Buffer): void {
    if (hasIdempotentBatch(records)) this.stateOf(log).appended(records);
  }

  /** The producers a partition holds state for (rebuilt from its log if this run has not written it yet). */
  describe(log: PartitionLog): ProducerSnapshot[] {
    return this.stateOf(log).describe();
  }
}
