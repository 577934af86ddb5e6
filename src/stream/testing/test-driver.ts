import { performance } from 'node:perf_hooks';
import { UnknownInputError } from '../errors.js';
import { partitionForKey } from '../../client/partitioner.js';
import type { OutputRecord, RecordHeaders } from '../records.js';
import { createTask } from '../task/create-task.js';
import { Rate, sumMetrics, type JobMetrics } from '../task/metrics.js';
import type { StreamTask } from '../task/stream-task.js';
import type { StateStore } from '../state/state-store.js';
import type { Plan } from '../topology/plan.js';
import type { Topology } from '../topology/topology.js';

export interface PipeRecord {
  readonly key?: string | Buffer | null;
  readonly value: string | Buffer | null;
  /** Default: the driver's processing time. */
  readonly timestamp?: number;
  /** Default: the key's hash partition, or 0 for a null key. */
  readonly partition?: number;
  readonly headers?: RecordHeaders;
}

export interface DriverOptions {
  /** Default 'test-app'. */
  readonly applicationId?: string;
  /** Partition counts of user topics; 1 when not given. */
  readonly partitions?: Readonly<Record<string, number>>;
  /** Initial processing time, epoch ms. Default 0. */
  readonly startTime?: number;
  /** See PlanOptions.fuseSinglePartition; false sends every repartition through its topic. Default true. */
  readonly fuseSinglePartition?: boolean;
}

export interface DecodedRecord {
  readonly key: unknown;
  readonly value: unknown;
  readonly timestamp: number;
  readonly partition: number;
}

interface LoggedRecord {
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly timestamp: number;
  readonly partition: number;
  readonly headers?: RecordHeaders;
}

interface Address {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
}

const toBytes = (data: string | Buffer | null | undefined): Buffer | null =>
  data === null || data === undefined ? null : typeof data === 'string' ? Buffer.from(data, 'utf8') : data;

/**
 * Runs a topology deterministically in memory, like Kafka Streams' TopologyTestDriver,
 * through the same task API the runtime uses. Every topic is an in-memory log, so
 * checkpoints, a crash and a restore behave as they would against Kafka: the changelog
 * and committed positions survive, the tasks and their uncheckpointed state do not.
 */
export class TestDriver {
  readonly plan: Plan;
  private clock: number;
  private tasks = new Map<string, StreamTask>();
  private readonly logs = new Map<string, LoggedRecord[][]>();
  private readonly sent = new Map<string, LoggedRecord[]>();
  /**
   * Records of topics the job reads, in the order they were written. Tasks consume it
   * in that order, each partition from its position on, as consumers of Kafka would.
   */
  private readonly readable: Address[] = [];
  private cursor = 0;
  private readonly positions = new Map<string, number>();
  private readonly committed = new Map<string, number>();
  private checkpointMs = 0;
  private readonly inRate = new Rate();
  private readonly outRate = new Rate();

  constructor(
    private readonly topology: Topology,
    private readonly options: DriverOptions = {},
  ) {
    this.clock = options.startTime ?? 0;
    this.plan = topology.plan({
      applicationId: options.applicationId ?? 'test-app',
      partitions: (topic) => this.userPartitions(topic),
      fuseSinglePartition: options.fuseSinglePartition ?? true,
    });
    this.startTasks();
  }

  get now(): number {
    return this.clock;
  }

  private userPartitions(topic: string): number {
    return this.options.partitions?.[topic] ?? 1;
  }

  private startTasks(): void {
    this.tasks = new Map();
    const sink = { send: (record: OutputRecord) => this.onSend(record) };
    for (const sub of this.plan.subtopologies) {
      for (let p = 0; p < sub.partitions; p++) {
        const task = createTask(this.plan, sub.index, p, { sink, startTime: this.clock });
        this.tasks.set(task.id, task);
      }
    }
  }

  /** Writes records to an input topic and processes them, and everything they cause, before returning. */
  pipe(topic: string, records: readonly PipeRecord[]): void {
    if (this.plan.subtopologyOf(topic) === undefined) {
      throw new UnknownInputError(`no stream reads topic "${topic}"; pipe to one of: ${this.inputTopics().join(', ')}`);
    }
    const partitions = this.plan.partitionsOf(topic);
    for (const record of records) {
      const key = toBytes(record.key);
      const partition = record.partition ?? (key === null ? 0 : partitionForKey(key, partitions));
      if (!Number.isInteger(partition) || partition < 0 || partition >= partitions) {
        throw new UnknownInputError(`topic "${topic}" has ${partitions} partitions, so partition ${partition} does not exist`);
      }
      this.append(topic, {
        key,
        value: toBytes(record.value),
        timestamp: record.timestamp ?? this.clock,
        partition,
        headers: record.headers,
      });
      this.drain();
    }
  }

  /** Moves processing time forward by `ms` on every task, upstream sub-topologies first. */
  advanceProcessingTime(ms: number): void {
    this.clock += ms;
    for (const task of this.tasks.values()) {
      task.advanceTime(this.clock);
      this.drain();
    }
  }

  /** Records a sink wrote to a user topic, decoded with that sink's serdes, in the order they were sent. */
  output(topic: string): DecodedRecord[] {
    const serdes = this.topology.outputSerdes(topic);
    if (serdes === undefined) throw new UnknownInputError(`no to() of the job writes topic "${topic}"; output() reads the topics the job writes`);
    return (this.sent.get(topic) ?? []).map((r) => ({
      key: r.key === null ? null : serdes.key.deserialize(r.key),
      value: r.value === null ? null : serdes.value.deserialize(r.value),
      timestamp: r.timestamp,
      partition: r.partition,
    }));
  }

  /**
   * The last value per key of a user topic, as a compacted topic or a results table
   * keyed by window and key would hold it; keys are the raw key bytes as UTF-8.
   */
  outputTable(topic: string): Map<string, unknown> {
    const table = new Map<string, unknown>();
    for (const r of this.output(topic)) table.set(JSON.stringify(r.key), r.value);
    return table;
  }

  store<S extends StateStore = StateStore>(name: string, partition = 0): S {
    for (const task of this.tasks.values()) {
      const store = task.stores.get(name);
      if (store !== undefined && task.partition === partition) return store as S;
    }
    throw new UnknownInputError(`no task of partition ${partition} has a store named "${name}"; topology.describe() lists the stores`);
  }

  /** The tasks, in sub-topology then partition order. */
  taskList(): StreamTask[] {
    return [...this.tasks.values()];
  }

  /** Each call samples the rates over the processing time since the previous call. */
  metrics(): JobMetrics {
    const totals = sumMetrics(this.taskList().map((t) => t.metrics()));
    let lag = 0;
    for (const sub of this.plan.subtopologies) {
      for (const topic of sub.inputTopics) {
        const partitions = this.logs.get(topic) ?? [];
        partitions.forEach((log, p) => (lag += log.length - (this.positions.get(`${topic}/${p}`) ?? 0)));
      }
    }
    return {
      ...totals,
      recordsInPerSec: this.inRate.sample(totals.recordsIn, this.clock),
      recordsOutPerSec: this.outRate.sample(totals.recordsOut, this.clock),
      lag,
      checkpointMs: this.checkpointMs,
    };
  }

  /** Checkpoints every task: changelog records are appended to the changelog topics, then offsets committed. */
  checkpoint(): void {
    const started = performance.now();
    for (const task of this.tasks.values()) {
      const { changelog, offsets } = task.checkpoint();
      for (const record of changelog) {
        this.append(task.changelogTopic!, { key: record.key, value: record.value, timestamp: this.clock, partition: task.partition });
      }
      for (const o of offsets) this.committed.set(`${o.topic}/${o.partition}`, o.offset);
    }
    this.checkpointMs = performance.now() - started;
  }

  /**
   * Simulates kill -9 and a restart: the tasks and all state since the last checkpoint
   * are lost; new tasks restore from the changelog topics and reprocess their inputs
   * from the restored positions. Output records sent before the crash stay written.
   */
  crashAndRestart(): void {
    this.startTasks();
    for (const task of this.tasks.values()) {
      const changelog = task.changelogTopic === undefined ? [] : (this.logs.get(task.changelogTopic)?.[task.partition] ?? []);
      const restored = task.restore(changelog.map((r) => ({ key: r.key!, value: r.value })));
      for (const topic of task.inputTopics) {
        const at = `${topic}/${task.partition}`;
        this.positions.set(at, restored?.get(topic) ?? this.committed.get(at) ?? 0);
      }
      for (const topic of task.sourceChangelogs) {
        const log = this.logs.get(topic)?.[task.partition] ?? [];
        const upTo = this.positions.get(`${topic}/${task.partition}`)!;
        task.restoreFromSource(
          topic,
          log.slice(0, upTo).map((r, offset) => ({ topic, partition: task.partition, offset, timestamp: r.timestamp, key: r.key, value: r.value })),
        );
      }
    }
    this.cursor = 0;
    this.drain();
  }

  private inputTopics(): string[] {
    return this.plan.subtopologies.flatMap((s) => s.inputTopics);
  }

  private onSend(record: OutputRecord): void {
    const readers = this.plan.subtopologyOf(record.topic);
    const partitions = readers === undefined ? this.userPartitions(record.topic) : this.plan.partitionsOf(record.topic);
    const partition = record.partition ?? (record.key === null ? 0 : partitionForKey(record.key, partitions));
    const logged: LoggedRecord = { key: record.key, value: record.value, timestamp: record.timestamp, partition, headers: record.headers };
    this.append(record.topic, logged);
    if (this.topology.outputSerdes(record.topic) !== undefined) {
      let list = this.sent.get(record.topic);
      if (list === undefined) this.sent.set(record.topic, (list = []));
      list.push(logged);
    }
  }

  private append(topic: string, record: LoggedRecord): void {
    let partitions = this.logs.get(topic);
    if (partitions === undefined) this.logs.set(topic, (partitions = []));
    const log = (partitions[record.partition] ??= []);
    log.push(record);
    if (this.plan.subtopologyOf(topic) !== undefined) this.readable.push({ topic, partition: record.partition, offset: log.length - 1 });
  }

  /** Processes every readable record not processed yet, including those written meanwhile. */
  private drain(): void {
    while (this.cursor < this.readable.length) {
      const { topic, partition, offset } = this.readable[this.cursor++]!;
      const at = `${topic}/${partition}`;
      if (offset < (this.positions.get(at) ?? 0)) continue;
      this.positions.set(at, offset + 1);
      const sub = this.plan.subtopologyOf(topic)!;
      const record = this.logs.get(topic)![partition]![offset]!;
      this.tasks
        .get(`${sub.index}_${partition}`)!
        .process({ topic, partition, offset, timestamp: record.timestamp, key: record.key, value: record.value, headers: record.headers });
    }
  }
}
