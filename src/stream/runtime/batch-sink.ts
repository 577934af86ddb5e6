import type { OutputRecord } from '../records.js';
import type { TopicPartitionOffset } from '../task/stream-task.js';

/** The input a batch covers in one partition: offsets [from, offset). */
export interface BatchRange extends TopicPartitionOffset {
  readonly from: number;
}

/**
 * Spark's foreachBatch for an external store: records a topology sends to `topic` are
 * handed here instead of to Kafka, and applied once per checkpoint together with the
 * input range they came from, so a store that records the range (the results store's
 * offsets guard) applies each record exactly once. A task writing to a batch sink must
 * be stateless: it resumes from the sink's offsets, not from a changelog.
 */
export interface BatchSink {
  /** The name the topology's to() writes; no such topic need exist on the broker. */
  readonly topic: string;
  /** Where the sink's input stands; a task resumes here, ahead of its group's committed offsets. */
  committedOffsets(): Promise<readonly TopicPartitionOffset[]>;
  /** One record a task sent to `topic`. Called on the processing path: aggregate, do no I/O. */
  add(taskId: string, record: OutputRecord): void;
  /**
   * Applies what add() gathered for the task since its last commit, atomically with the
   * input ranges it covers (possibly with no records, to move the offsets past input that
   * produced none). Returns records to publish once applied, e.g. the new totals.
   */
  commit(taskId: string, ranges: readonly BatchRange[]): Promise<readonly OutputRecord[]>;
  /** The task moved to another instance: forget what was gathered, the new owner replays it. */
  discard(taskId: string): void;
}
