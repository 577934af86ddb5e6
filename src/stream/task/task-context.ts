import { TopologyError } from '../errors.js';
import { NOTHING_SCHEDULED, type CheckpointedOperator, type Processor, type TimeDriven } from '../processors/processor.js';
import { internalTopicName } from '../internal-topics.js';
import type { RecordContext, RecordSink } from '../records.js';
import type { StateStore } from '../state/state-store.js';
import { TaskMetrics } from './metrics.js';

/** What the operators of one task share: the clock, the record being processed, its stores and its output. */
export class TaskContext implements RecordContext {
  /** Processing time, epoch milliseconds; only StreamTask.advanceTime moves it. */
  now: number;
  topic = '';
  offset = -1;
  /** Records this task has sent to repartition topics; stamped on each so a downstream task can drop re-sent ones. */
  sequence = 0;
  readonly metrics = new TaskMetrics();
  readonly stores = new Map<string, StateStore>();
  readonly operators = new Map<string, CheckpointedOperator>();
  /**
   * Tables whose source topic is their changelog: topic -> what applies one of its records to
   * the table's store. A restore replays the topic up to the checkpointed position into it.
   */
  readonly sourceRestorers = new Map<string, Processor>();
  private readonly timed: Array<{ readonly order: number; readonly op: TimeDriven }> = [];

  constructor(
    readonly applicationId: string,
    readonly partition: number,
    readonly sink: RecordSink,
    private readonly partitionCount: (topic: string) => number,
    now: number,
  ) {
    this.now = now;
  }

  internalTopic(name: string): string {
    return internalTopicName(this.applicationId, name);
  }

  partitionsOf(topic: string): number {
    return this.partitionCount(topic);
  }

  addStore<S extends StateStore>(store: S): S {
    if (this.stores.has(store.name)) {
      throw new TopologyError(`two operators use the state store name "${store.name}"; give them different names`);
    }
    this.stores.set(store.name, store);
    return store;
  }

  addOperator(op: CheckpointedOperator): void {
    this.operators.set(op.name, op);
  }

  /** `order` is the operator's position in the DSL, so upstream operators hear of time before downstream ones. */
  addTimeDriven(order: number, op: TimeDriven): void {
    this.timed.push({ order, op });
    this.timed.sort((a, b) => a.order - b.order);
  }

  advanceTo(now: number): void {
    for (const { op } of this.timed) op.advanceTo(now);
  }

  /** The earliest deadline of the task's time-driven operators. */
  nextDeadline(): number {
    let next = NOTHING_SCHEDULED;
    for (const { op } of this.timed) next = Math.min(next, op.deadline());
    return next;
  }
}
