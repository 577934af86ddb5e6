import { ChangelogFormatError, TaskStateError, UnknownInputError } from '../errors.js';
import type { SourceNode } from '../processors/source.js';
import type { ChangelogRecord, SourceRecord } from '../records.js';
import {
  decodeChangelogRecord,
  encodeEntry,
  encodeMarker,
  type CheckpointMarker,
} from '../state/changelog-format.js';
import type { StateStore, StoreChange } from '../state/state-store.js';
import { instantiate } from '../topology/instantiate.js';
import type { TaskSpec } from '../topology/plan.js';
import type { MetricsSnapshot } from './metrics.js';
import type { TaskContext } from './task-context.js';
import { taskName } from './task-id.js';

export interface TopicPartitionOffset {
  readonly topic: string;
  readonly partition: number;
  /** The next offset to read, as Kafka commits it. */
  readonly offset: number;
}

export interface TaskCheckpoint {
  /** Append to the task's changelog topic, partition = the task's partition, before committing. Empty when the task has no changelog. */
  readonly changelog: readonly ChangelogRecord[];
  /** Then commit these for the task's input partitions. */
  readonly offsets: readonly TopicPartitionOffset[];
}

/**
 * One input partition of one sub-topology, with the state of that partition. It does
 * no I/O: the runtime (or the test driver) feeds it records and time, ships what it
 * sends, and stores what checkpoint() returns.
 */
export class StreamTask {
  /** `<subtopology>_<partition>`, as Kafka Streams names tasks. */
  readonly id: string;
  readonly inputTopics: readonly string[];
  private readonly sources: Map<string, SourceNode>;
  private checkpoints = 0;
  private started = false;

  constructor(
    readonly spec: TaskSpec,
    private readonly ctx: TaskContext,
    /** Where checkpoint() output goes; undefined for tasks with nothing to restore. */
    readonly changelogTopic: string | undefined,
  ) {
    this.id = taskName({ subtopology: spec.index, partition: ctx.partition });
    this.sources = instantiate(spec, ctx);
    this.inputTopics = [...this.sources.keys()];
  }

  get partition(): number {
    return this.ctx.partition;
  }

  /** Processing time as the task last heard it. */
  get now(): number {
    return this.ctx.now;
  }

  /** Records must come in offset order per input partition. */
  process(record: SourceRecord): void {
    const source = this.sources.get(record.topic);
    if (source === undefined || record.partition !== this.ctx.partition) {
      throw new UnknownInputError(
        `task ${this.id} reads partition ${this.ctx.partition} of ${this.inputTopics.join(', ')}, not ${record.topic}/${record.partition}; route records with Plan.subtopologyOf`,
      );
    }
    this.started = true;
    this.ctx.topic = record.topic;
    this.ctx.offset = record.offset;
    source.receive(record);
  }

  /**
   * Moves processing time forward: processing-time windows close, throttled updates and
   * state ticks run. Call it before each batch of records and on a timer while idle.
   * A time earlier than the current one is ignored, so wall-clock steps back do no harm.
   */
  advanceTime(now: number): void {
    if (now < this.ctx.now) return;
    this.started = true;
    this.ctx.now = now;
    this.ctx.topic = '';
    this.ctx.offset = -1;
    this.ctx.advanceTo(now);
  }

  /**
   * The processing time from which advanceTime may emit output (close a window, run a
   * state tick), or Number.MAX_SAFE_INTEGER when nothing is scheduled. A runtime that
   * checkpoints before passing it, when records arrived since the last checkpoint, makes
   * a restarted task emit exactly what was emitted before the crash.
   */
  nextDeadline(): number {
    return this.ctx.nextDeadline();
  }

  /** Changes since the last checkpoint, then a marker with positions and progress. */
  checkpoint(): TaskCheckpoint {
    return this.capture(false);
  }

  /** The whole state, then a marker flagged full; the runtime may then delete older changelog records. */
  snapshot(): TaskCheckpoint {
    return this.capture(true);
  }

  private capture(full: boolean): TaskCheckpoint {
    const offsets: TopicPartitionOffset[] = [];
    for (const source of this.sources.values()) {
      if (source.position >= 0) offsets.push({ topic: source.topic, partition: this.ctx.partition, offset: source.position });
    }
    if (this.changelogTopic === undefined) return { changelog: [], offsets };
    const changelog: ChangelogRecord[] = [];
    for (const store of this.ctx.stores.values()) {
      for (const change of full ? store.snapshot() : store.drainChanges()) changelog.push(encodeEntry(store.name, store.kind, change));
    }
    const dedup: Record<string, Record<string, number>> = {};
    for (const source of this.sources.values()) if (source.internal) dedup[source.topic] = source.dedupState();
    const operators: Record<string, Record<string, number>> = {};
    for (const op of this.ctx.operators.values()) operators[op.name] = op.saveProgress();
    changelog.push(
      encodeMarker({
        checkpoint: ++this.checkpoints,
        full,
        positions: Object.fromEntries(offsets.map((o) => [o.topic, o.offset])),
        sequence: this.ctx.sequence,
        dedup,
        operators,
      }),
    );
    return { changelog, offsets };
  }

  /**
   * Rebuilds state from the task's changelog partition, read from its start. Entries
   * after the last marker belong to a checkpoint that never finished and are ignored.
   * Returns the input positions the state reflects: resume reading there (they take
   * precedence over committed group offsets). Undefined when there was no checkpoint.
   */
  restore(records: Iterable<ChangelogRecord>): ReadonlyMap<string, number> | undefined {
    if (this.started) {
      throw new TaskStateError(`task ${this.id} has already processed records; restore a freshly created task`);
    }
    let pending: Array<{ store: StateStore; change: StoreChange }> = [];
    let last: CheckpointMarker | undefined;
    for (const record of records) {
      const decoded = decodeChangelogRecord(record);
      if (decoded.type === 'entry') {
        pending.push({ store: this.storeFor(decoded.store, decoded.kind), change: decoded.change });
        continue;
      }
      if (decoded.marker.full) for (const store of this.ctx.stores.values()) store.clear();
      for (const { store, change } of pending) store.restore([change]);
      pending = [];
      last = decoded.marker;
    }
    if (last === undefined) return undefined;
    this.checkpoints = last.checkpoint;
    this.ctx.sequence = last.sequence;
    for (const source of this.sources.values()) {
      source.position = last.positions[source.topic] ?? -1;
      if (source.internal) source.restoreDedup(last.dedup[source.topic]);
    }
    for (const op of this.ctx.operators.values()) op.restoreProgress(last.operators[op.name]);
    return new Map(Object.entries(last.positions));
  }

  /** User topics that are the changelog of a table of this task: replay each with restoreFromSource() after restore(). */
  get sourceChangelogs(): readonly string[] {
    return [...this.ctx.sourceRestorers.keys()];
  }

  /**
   * Rebuilds a table's store from its source topic, the records before the position restore()
   * returned for that topic (or none when it returned nothing), without emitting anything.
   */
  restoreFromSource(topic: string, records: Iterable<SourceRecord>): void {
    const restorer = this.ctx.sourceRestorers.get(topic);
    const source = this.sources.get(topic);
    if (restorer === undefined || source === undefined) {
      throw new UnknownInputError(`task ${this.id} has no table stored in topic "${topic}"; replay the topics sourceChangelogs lists`);
    }
    if (this.started) throw new TaskStateError(`task ${this.id} has already processed records; restore a freshly created task`);
    for (const record of records) source.replay(record, restorer);
  }

  private storeFor(name: string, kind: string): StateStore {
    const store = this.ctx.stores.get(name);
    if (store === undefined || store.kind !== kind) {
      throw new ChangelogFormatError(
        `the changelog of task ${this.id} holds a ${kind} store "${name}" that this topology ` +
          `${store === undefined ? 'does not have' : `has as a ${store.kind} store`}; the job changed since the state was written: ` +
          'name stateful operators to keep their stores stable, or start from a fresh application id',
      );
    }
    return store;
  }

  get stores(): ReadonlyMap<string, StateStore> {
    return this.ctx.stores;
  }

  metrics(): MetricsSnapshot {
    let stateSize = 0;
    for (const store of this.ctx.stores.values()) stateSize += store.size;
    const m = this.ctx.metrics;
    return {
      recordsIn: m.recordsIn,
      recordsOut: m.recordsOut,
      lateRecords: m.lateRecords,
      skippedRecords: m.skippedRecords,
      duplicatesDropped: m.duplicatesDropped,
      stateSize,
    };
  }
}
