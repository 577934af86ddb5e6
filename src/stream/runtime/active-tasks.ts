import { tpKey, type TopicPartitionOffset } from '../../client/index.js';
import type { RecordHeaders } from '../records.js';
import type { MetricsSnapshot, TaskDetail } from '../task/metrics.js';
import type { RunningTask } from './running-task.js';

/** The record handed to a task, reused for every record of a partition: tasks read it synchronously and keep nothing. */
export interface ScratchRecord {
  readonly topic: string;
  readonly partition: number;
  offset: number;
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: RecordHeaders | undefined;
}

/** One input partition of a running task: where its next fetch starts. */
export class PartitionReader {
  readonly scratch: ScratchRecord;
  /** How far the partition's end is ahead of `position`, as of the last fetch. */
  lag = 0;

  constructor(
    readonly task: RunningTask,
    readonly topic: string,
    /** Next offset to fetch. */
    public position: number,
    /** An internal topic holds only what this application wrote: a gap in it is lost state, not retention. */
    readonly internal: boolean,
  ) {
    this.scratch = { topic, partition: task.partition, offset: 0, timestamp: 0, key: null, value: null, headers: undefined };
  }

  get partition(): number {
    return this.task.partition;
  }
}

/** The tasks this instance runs and the partitions they read (Kafka Streams' TaskManager keeps the same two maps). */
export class ActiveTasks {
  readonly #tasks = new Map<string, RunningTask>();
  /** `topic/partition` → the task reading it. */
  readonly #readers = new Map<string, PartitionReader>();

  get size(): number {
    return this.#tasks.size;
  }

  get readingAny(): boolean {
    return this.#readers.size > 0;
  }

  has(name: string): boolean {
    return this.#tasks.has(name);
  }

  all(): RunningTask[] {
    return [...this.#tasks.values()];
  }

  names(): string[] {
    return [...this.#tasks.keys()];
  }

  reader(topic: string, partition: number): PartitionReader | undefined {
    return this.#readers.get(tpKey(topic, partition));
  }

  /** Where each partition's next fetch starts. */
  positions(): TopicPartitionOffset[] {
    return [...this.#readers.values()].map((r) => ({ topic: r.topic, partition: r.partition, offset: r.position }));
  }

  add(task: RunningTask, readers: readonly PartitionReader[]): void {
    this.#tasks.set(task.name, task);
    for (const r of readers) this.#readers.set(tpKey(r.topic, r.partition), r);
  }

  remove(task: RunningTask): void {
    for (const topic of task.task.inputTopics) this.#readers.delete(tpKey(topic, task.partition));
    this.#tasks.delete(task.name);
  }

  lag(): number {
    let total = 0;
    for (const r of this.#readers.values()) total += r.lag;
    return total;
  }

  /** Each task with its counters, its stores' sizes and the lag of the partitions it reads. */
  details(): TaskDetail[] {
    const lag = new Map<string, number>();
    for (const r of this.#readers.values()) lag.set(r.task.name, (lag.get(r.task.name) ?? 0) + r.lag);
    return [...this.#tasks].map(([name, rt]) => {
      const m = rt.task.metrics();
      const stores = Object.fromEntries([...rt.task.stores].map(([store, s]) => [store, s.size]));
      return { id: name, recordsIn: m.recordsIn, lateRecords: m.lateRecords, stores, lag: lag.get(name) ?? 0 };
    });
  }

  metrics(): Map<string, MetricsSnapshot> {
    return new Map([...this.#tasks].map(([name, rt]) => [name, rt.task.metrics()]));
  }
}
