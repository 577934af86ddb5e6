import { Consumer, ListOffsetTimestamps, type Admin, type ConsumerGroupJoinPayload, type GroupAssignment } from '@platformatic/kafka';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { createAdmin } from '../../client/admin.js';
import { connectOptions } from '../../client/bootstrap.js';
import type { Logger } from '../../log.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import type { RecordHeaders } from '../records.js';
import { createTask } from '../task/create-task.js';
import type { Plan } from '../topology/plan.js';
import type { Topology } from '../topology/topology.js';
import { allTasks, taskAssignor, taskName, tasksOf, type TaskId } from './assignor.js';
import type { BatchSink } from './batch-sink.js';
import { Checkpoints } from './checkpoints.js';
import { FetchFailedError, InternalRecordsLostError } from './errors.js';
import { Fetcher, type FetchedPartition, type FetchPosition } from './fetcher.js';
import { MetricsTracker, type RuntimeMetrics } from './job-metrics.js';
import { MetricsPublisher } from './metrics-publisher.js';
import { resolveOptions, type ResolvedOptions, type RuntimeOptions } from './options.js';
import { Output } from './output.js';
import { restoreTask } from './restore.js';
import { RunningTask, TaskSink } from './running-task.js';
import { planOnBroker } from './topics.js';

/** The record handed to a task, reused for every record of a partition: tasks read it synchronously and keep nothing. */
interface ScratchRecord {
  topic: string;
  partition: number;
  offset: number;
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: RecordHeaders | undefined;
}

interface Reader {
  readonly task: RunningTask;
  readonly topic: string;
  readonly partition: number;
  readonly internal: boolean;
  readonly scratch: ScratchRecord;
}

/** A fetch on its way; its answer is an Error rather than a rejection, so one abandoned at shutdown rejects nothing. */
interface Fetch {
  readonly requests: FetchPosition[];
  readonly answers: Promise<FetchedPartition[] | Error>;
}

/** The positions right after what `answers` holds: where the next fetch starts. */
function following(requests: readonly FetchPosition[], answers: readonly FetchedPartition[]): FetchPosition[] {
  const ends = new Map<string, number>();
  for (const a of answers) {
    const last = a.batches[a.batches.length - 1];
    if (a.errorCode === ErrorCode.NONE && last !== undefined) ends.set(`${a.topic}/${a.partition}`, last.baseOffset + last.lastOffsetDelta + 1);
  }
  return requests.map((r) => ({ ...r, offset: Math.max(r.offset, ends.get(`${r.topic}/${r.partition}`) ?? r.offset) }));
}

/** Errors a fetch may meet while partitions move or topics are being created; the next fetch retries. */
const RETRIABLE_FETCH_ERRORS: ReadonlySet<number> = new Set([
  ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
  ErrorCode.LEADER_NOT_AVAILABLE,
  ErrorCode.NOT_LEADER_OR_FOLLOWER,
  ErrorCode.REQUEST_TIMED_OUT,
  ErrorCode.UNKNOWN_SERVER_ERROR,
]);
const RETRY_DELAY_MS = 500;
const EMPTY = Buffer.alloc(0);

/**
 * Runs a topology against Kafka, as Kafka Streams' KafkaStreams does: one consumer group
 * per application id; each task (one partition of one sub-topology) owns its keyed state,
 * kept in a changelog topic so that any instance can restore it. Every checkpoint flushes
 * the output, then appends the changed state with the input positions to the changelog,
 * then commits the offsets. See docs/stream.md (Runtime) and docs/guarantees.md.
 */
export class StreamRuntime {
  private readonly options: ResolvedOptions;
  private readonly logger: Logger;
  private readonly tracker: MetricsTracker;
  private readonly batchSinks: ReadonlyMap<string, BatchSink>;
  private readonly tasks = new Map<string, RunningTask>();
  /** `topic/partition` → the task reading it. */
  private readonly readers = new Map<string, Reader>();
  private readonly lags = new Map<string, number>();
  private plan: Plan | undefined;
  private admin: Admin | undefined;
  private consumer: Consumer | undefined;
  private output: Output | undefined;
  private fetcher: Fetcher | undefined;
  private publisher: MetricsPublisher | undefined;
  private checkpoints: Checkpoints | undefined;
  private timers: NodeJS.Timeout[] = [];
  private pending: { assignments: readonly GroupAssignment[]; generation: number } | undefined;
  /** The fetch sent while the previous answer was being processed. */
  private prefetched: Fetch | undefined;
  private generation = -1;
  private fatal: Error | undefined;

  constructor(
    private readonly topology: Topology,
    options: RuntimeOptions,
  ) {
    this.options = resolveOptions(options);
    this.logger = this.options.logger.child({ job: this.options.job });
    this.tracker = new MetricsTracker(
      { job: this.options.job, applicationId: this.options.applicationId, instance: this.options.instanceId },
      this.options.counters,
    );
    this.batchSinks = new Map(this.options.batchSinks.map((s) => [s.topic, s]));
  }

  /** The metrics object: what the dashboard and Prometheus read. */
  metrics(): RuntimeMetrics {
    this.tracker.lag = sum(this.lags.values());
    return this.tracker.snapshot(this.taskMetrics(), Date.now());
  }

  /**
   * Joins the group and processes until `signal` aborts, then checkpoints and leaves the
   * group. Rejects with the error that stopped the job; the last complete checkpoint stands.
   */
  async run(signal: AbortSignal): Promise<void> {
    let stoppedCleanly = false;
    try {
      await this.start();
      await this.loop(signal);
      await this.checkpoint();
      stoppedCleanly = true;
    } finally {
      await this.close(stoppedCleanly);
    }
  }

  private async start(): Promise<void> {
    const { bootstrap, applicationId, job } = this.options;
    const clientId = `streamdash-${job}`;
    this.admin = createAdmin(bootstrap, `${clientId}-admin`);
    this.plan = await planOnBroker(
      this.admin,
      this.topology,
      { applicationId, fuseSinglePartition: this.options.fuseSinglePartition },
      this.logger,
    );
    this.output = new Output(bootstrap, `${clientId}-producer`);
    this.consumer = new Consumer({
      ...connectOptions(bootstrap, clientId),
      groupId: applicationId,
      partitionAssigner: taskAssignor(this.plan),
      sessionTimeout: this.options.sessionTimeoutMs,
      rebalanceTimeout: this.options.sessionTimeoutMs,
      heartbeatInterval: this.options.heartbeatIntervalMs,
      autocommit: false,
    });
    this.consumer.on('consumer:group:join', (payload: ConsumerGroupJoinPayload) => {
      this.pending = { assignments: payload.assignments ?? [], generation: payload.generationId ?? 0 };
    });
    this.consumer.on('error', (error: Error) => (this.fatal ??= error));
    this.fetcher = new Fetcher(this.consumer, clientId, this.options.fetchMaxBytes);
    this.checkpoints = new Checkpoints(this.output, this.consumer, this.logger);
    if (this.options.metricsTopic !== null) {
      this.publisher = new MetricsPublisher(bootstrap, this.options.metricsTopic, applicationId, this.logger);
    }
    this.logger.info(
      { applicationId, tasks: allTasks(this.plan).map(taskName), internalTopics: this.plan.internalTopics.map((t) => t.name) },
      'joining the group',
    );
    this.consumer.topics.trackAll(...this.plan.subtopologies.flatMap((s) => s.inputTopics));
    await this.consumer.joinGroup({});
    this.timers = [
      setInterval(() => this.sample(), this.options.metricsIntervalMs).unref(),
      setInterval(() => this.logStatus(), this.options.statusIntervalMs).unref(),
    ];
  }

  private async loop(signal: AbortSignal): Promise<void> {
    const { checkpointIntervalMs, maxPendingOutput, pollMs } = this.options;
    let nextCheckpoint = Date.now() + checkpointIntervalMs;
    while (!signal.aborted) {
      if (this.fatal !== undefined) throw this.fatal;
      if (this.pending !== undefined) {
        await this.applyAssignment();
        continue;
      }
      if (this.readers.size === 0) {
        await pause(pollMs, signal);
        continue;
      }
      if (this.output!.buffered > maxPendingOutput) {
        const waited = performance.now();
        await this.output!.drainTo(maxPendingOutput >> 1);
        this.tracker.backpressureMs += performance.now() - waited;
      }
      if (Date.now() >= nextCheckpoint) {
        await this.checkpoint();
        nextCheckpoint = Date.now() + checkpointIntervalMs;
      }
      await this.fetchAndProcess(signal);
    }
  }

  private async fetchAndProcess(signal: AbortSignal): Promise<void> {
    const fetch = this.prefetched ?? this.startFetch([...this.readers.values()].map((r) => ({ topic: r.topic, partition: r.partition, offset: r.task.positions.get(r.topic)! })));
    this.prefetched = undefined;
    const answers = await fetch.answers;
    if (answers instanceof Error) {
      this.logger.warn({ err: answers }, `fetch failed; retrying in ${RETRY_DELAY_MS} ms`);
      this.fetcher!.forgetLeaders();
      await pause(RETRY_DELAY_MS, signal);
      return;
    }
    // The broker works on the next fetch while this process handles the answer; an answer that no longer fits is dropped below.
    if (answers.some((a) => a.batches.length > 0)) this.prefetched = this.startFetch(following(fetch.requests, answers));
    const now = Date.now();
    await this.checkpoints!.beforeFiring([...this.tasks.values()], now);
    for (const rt of this.tasks.values()) rt.task.advanceTime(now);
    const asked = new Map(fetch.requests.map((r) => [`${r.topic}/${r.partition}`, r.offset]));
    let followed = true;
    for (const answer of answers) {
      const key = `${answer.topic}/${answer.partition}`;
      const reader = this.readers.get(key);
      // A task rebuilt, moved or reset since the fetch was sent reads from its own position; this answer is not for it.
      if (reader === undefined || reader.task.positions.get(reader.topic) !== asked.get(key)) {
        followed = false;
        continue;
      }
      if (answer.errorCode === ErrorCode.NONE) {
        this.process(reader, answer);
      } else {
        this.onFetchError(reader, answer);
        followed = false;
      }
    }
    // The prefetch asked for what follows this answer; where that is not where the tasks now stand, ask afresh.
    if (!followed) this.prefetched = undefined;
    this.output!.dispatch();
  }

  private startFetch(requests: FetchPosition[]): Fetch {
    const answers = this.fetcher!.fetch(requests, this.options.pollMs).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
    return { requests, answers };
  }

  private process(reader: Reader, answer: FetchedPartition): void {
    const { task, scratch, topic } = reader;
    const from = task.positions.get(topic)!;
    let next = from;
    for (const batch of answer.batches) {
      const end = batch.baseOffset + batch.lastOffsetDelta + 1;
      if (end <= next) continue;
      if (!batch.isControlBatch) {
        for (const record of batch.records) {
          if (record.offset < from) continue;
          scratch.offset = record.offset;
          scratch.timestamp = record.timestamp;
          scratch.key = record.key;
          scratch.value = record.value;
          scratch.headers = record.headers.length === 0 ? undefined : record.headers.map((h) => [h.key, h.value ?? EMPTY] as const);
          task.task.process(scratch);
        }
      }
      next = end;
    }
    task.positions.set(topic, next);
    task.unsavedRecords += next - from;
    this.lags.set(`${topic}/${reader.partition}`, Math.max(0, answer.highWatermark - next));
  }

  private onFetchError(reader: Reader, answer: FetchedPartition): void {
    const { topic, partition } = reader;
    const position = reader.task.positions.get(topic)!;
    if (answer.errorCode === ErrorCode.OFFSET_OUT_OF_RANGE) {
      if (reader.internal) throw new InternalRecordsLostError(topic, partition, position, answer.logStartOffset);
      const reset = this.options.offsetReset === 'earliest' ? answer.logStartOffset : answer.highWatermark;
      this.logger.warn({ topic, partition, position, reset }, 'records the job had not read were deleted by retention; resuming at the reset position');
      reader.task.positions.set(topic, reset);
      return;
    }
    if (!RETRIABLE_FETCH_ERRORS.has(answer.errorCode)) {
      throw new FetchFailedError(topic, partition, answer.errorCode, 'the broker refused it; check the topic exists and the broker log');
    }
    this.logger.warn({ topic, partition, errorCode: answer.errorCode }, 'fetch answered with a retriable error; retrying');
    this.fetcher!.forgetLeaders();
  }

  /** Drops the tasks this instance lost, restores the ones it gained. */
  private async applyAssignment(): Promise<void> {
    const { assignments, generation } = this.pending!;
    this.pending = undefined;
    this.prefetched = undefined;
    const started = performance.now();
    const wanted = new Map(tasksOf(this.plan!, assignments).map((t) => [taskName(t), t]));
    // A member that missed a generation cannot tell whether its tasks ran elsewhere meanwhile: it rebuilds them all.
    const missedGeneration = this.generation >= 0 && generation > this.generation + 1;
    for (const rt of [...this.tasks.values()]) if (missedGeneration || !wanted.has(rt.name)) this.dropTask(rt);
    this.generation = generation;
    const toStart = [...wanted].filter(([name]) => !this.tasks.has(name));
    const sinkOffsets = toStart.length > 0 ? await this.batchSinkOffsets() : new Map<string, number>();
    let restored = 0;
    for (const [, id] of toStart) restored += await this.startTask(id, generation, sinkOffsets);
    this.logger.info(
      { generation, tasks: [...this.tasks.keys()], started: toStart.map(([name]) => name), restoredRecords: restored, ms: Math.round(performance.now() - started) },
      'tasks assigned',
    );
  }

  private async startTask(id: TaskId, generation: number, sinkOffsets: ReadonlyMap<string, number>): Promise<number> {
    const plan = this.plan!;
    const planned = plan.subtopologies[id.subtopology]!;
    const sink = new TaskSink(taskName(id), planned.changelogTopic !== undefined, this.output!, this.batchSinks);
    const task = createTask(plan, id.subtopology, id.partition, { sink, startTime: Date.now() });
    const restored = await restoreTask(task, this.fetcher!, this.output!, generation);
    const rt = new RunningTask(task, sink, restored.owner);
    const internal = new Set(plan.internalTopics.map((t) => t.name));
    for (const topic of task.inputTopics) {
      const key = `${topic}/${id.partition}`;
      const offset = sinkOffsets.get(key) ?? restored.positions?.get(topic) ?? (await this.committedOrReset(topic, id.partition, internal.has(topic)));
      rt.positions.set(topic, offset);
      rt.sinkFrom.set(topic, offset);
      const scratch: ScratchRecord = { topic, partition: id.partition, offset: 0, timestamp: 0, key: null, value: null, headers: undefined };
      this.readers.set(key, { task: rt, topic, partition: id.partition, internal: internal.has(topic), scratch });
    }
    this.tasks.set(rt.name, rt);
    // Windows that closed while no instance ran the task are emitted now, from the restored state.
    task.advanceTime(Date.now());
    return restored.records;
  }

  private dropTask(rt: RunningTask): void {
    this.tracker.retire(rt.task.metrics());
    rt.sink.batchSink?.discard(rt.name);
    for (const topic of rt.task.inputTopics) {
      this.readers.delete(`${topic}/${rt.partition}`);
      this.lags.delete(`${topic}/${rt.partition}`);
    }
    this.tasks.delete(rt.name);
  }

  private async batchSinkOffsets(): Promise<Map<string, number>> {
    const offsets = new Map<string, number>();
    for (const sink of this.batchSinks.values()) {
      for (const o of await sink.committedOffsets()) offsets.set(`${o.topic}/${o.partition}`, o.offset);
    }
    return offsets;
  }

  private async committedOrReset(topic: string, partition: number, internal: boolean): Promise<number> {
    const consumer = this.consumer!;
    const committed = (await consumer.listCommittedOffsets({ topics: [{ topic, partitions: [partition] }] })).get(topic)?.[partition];
    if (committed !== undefined && committed >= 0n) return Number(committed);
    // An internal topic holds only what this application wrote for itself: always read it all.
    const earliest = internal || this.options.offsetReset === 'earliest';
    const offsets = await consumer.listOffsets({
      topics: [topic],
      partitions: { [topic]: [partition] },
      timestamp: earliest ? ListOffsetTimestamps.EARLIEST : ListOffsetTimestamps.LATEST,
    });
    return Number(offsets.get(topic)?.[partition] ?? 0n);
  }

  private async checkpoint(): Promise<void> {
    if (this.tasks.size === 0) return;
    this.tracker.checkpointMs = await this.checkpoints!.all([...this.tasks.values()]);
  }

  private taskMetrics() {
    return new Map([...this.tasks].map(([name, rt]) => [name, rt.task.metrics()]));
  }

  private sample(): void {
    this.tracker.sampleRates(this.taskMetrics().values(), Date.now());
    if (this.publisher !== undefined) void this.publisher.publish(this.metrics());
  }

  private logStatus(): void {
    const m = this.metrics();
    this.logger.info(
      {
        tasks: m.tasks,
        recordsIn: m.recordsIn,
        recordsOut: m.recordsOut,
        inPerSec: Math.round(m.recordsInPerSec),
        outPerSec: Math.round(m.recordsOutPerSec),
        lag: m.lag,
        lateRecords: m.lateRecords,
        stateSize: m.stateSize,
        checkpointMs: Math.round(m.checkpointMs),
        counters: m.counters,
      },
      'status',
    );
  }

  private async close(stoppedCleanly: boolean): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    if (this.publisher !== undefined && this.plan !== undefined) await this.publisher.publish(this.metrics());
    const closing: Array<Promise<unknown> | undefined> = [
      // No message stream is open on this consumer, so a plain close leaves the group at once.
      this.consumer?.close(),
      this.fetcher?.close(),
      this.output?.close(),
      this.publisher?.close(),
      this.admin?.close(),
    ];
    const results = await Promise.allSettled(closing);
    for (const r of results) if (r.status === 'rejected') this.logger.warn({ err: r.reason }, 'a client did not close cleanly');
    this.logger.info({ stoppedCleanly, ...summary(this.metrics()) }, stoppedCleanly ? 'job stopped after a final checkpoint' : 'job stopped');
  }
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return sleep(ms, undefined, { signal }).catch(() => undefined);
}

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

function summary(m: RuntimeMetrics) {
  return { recordsIn: m.recordsIn, recordsOut: m.recordsOut, lateRecords: m.lateRecords, counters: m.counters };
}
