import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { FetchFailedError, OffsetOutOfRangeError, tpKey, type Assignment, type FetchedPartition, type TopicPartitionOffset } from '../../client/index.js';
import type { Logger } from '../../log.js';
import type { ActiveTasks, PartitionReader } from './active-tasks.js';
import type { Checkpoints } from './checkpoints.js';
import type { ConnectedJob } from './connected-job.js';
import { InternalRecordsLostError } from './errors.js';
import type { MetricsTracker } from './job-metrics.js';
import type { ResolvedOptions } from './options.js';
import type { TaskManager } from './task-manager.js';

/** A fetch on its way; its answer is an Error rather than a rejection, so one abandoned at shutdown rejects nothing. */
interface Fetch {
  readonly requests: readonly TopicPartitionOffset[];
  readonly answers: Promise<FetchedPartition[] | Error>;
}

export interface StreamThreadSetup {
  readonly job: ConnectedJob;
  readonly tasks: ActiveTasks;
  readonly manager: TaskManager;
  readonly checkpoints: Checkpoints;
  readonly tracker: MetricsTracker;
  readonly options: ResolvedOptions;
  readonly logger: Logger;
}

const RETRY_DELAY_MS = 500;
const EMPTY = Buffer.alloc(0);

/**
 * The processing loop, as Kafka Streams' StreamThread runs it: take a new assignment
 * when the group hands one over, pause while the output is behind, checkpoint on time,
 * and otherwise fetch and hand each record to its task. The next fetch is sent before
 * the current answer is processed, so the broker works meanwhile.
 */
export class StreamThread {
  /** The fetch sent while the previous answer was being processed; none after an answer that asked for no more. */
  #prefetched: Fetch | null = null;

  constructor(private readonly setup: StreamThreadSetup) {}

  async run(signal: AbortSignal): Promise<void> {
    const { job, tasks, tracker, options } = this.setup;
    const { checkpointIntervalMs, maxPendingOutput, pollMs } = options;
    let nextCheckpoint = Date.now() + checkpointIntervalMs;
    while (!signal.aborted) {
      const failure = job.session.failure;
      if (failure !== undefined) throw failure;
      const assignment = job.session.takeAssignment();
      if (assignment !== undefined) {
        this.#prefetched = null;
        await this.reassign(assignment);
        continue;
      }
      if (!tasks.readingAny) {
        await pause(pollMs, signal);
        continue;
      }
      if (job.output.buffered > maxPendingOutput) {
        const waited = performance.now();
        await job.output.drainTo(maxPendingOutput >> 1);
        tracker.backpressureMs += performance.now() - waited;
      }
      if (Date.now() >= nextCheckpoint) {
        await this.checkpoint();
        nextCheckpoint = Date.now() + checkpointIntervalMs;
      }
      await this.fetchAndProcess(signal);
    }
  }

  async checkpoint(): Promise<void> {
    const { tasks, tracker, checkpoints } = this.setup;
    if (tasks.size === 0) return;
    tracker.checkpointMs = await checkpoints.all(tasks.all());
  }

  /**
   * Under exactly-once, the open transaction holds work of tasks that may now belong to
   * another instance, which resumes from their last commit: it is aborted, and every task
   * is rebuilt from its last commit too, since their state ran ahead of it.
   */
  private async reassign(assignment: Assignment): Promise<void> {
    const { job, manager, options } = this.setup;
    const exactlyOnce = options.processingGuarantee === 'exactly_once_v2';
    if (exactlyOnce) await job.output.abort();
    await manager.apply(assignment, exactlyOnce);
  }

  private async fetchAndProcess(signal: AbortSignal): Promise<void> {
    const { job, tasks, checkpoints, logger } = this.setup;
    const fetch = this.#prefetched ?? this.startFetch(tasks.positions());
    this.#prefetched = null;
    const answers = await fetch.answers;
    if (answers instanceof Error) {
      logger.warn({ err: answers }, `fetch failed; retrying in ${RETRY_DELAY_MS} ms`);
      await pause(RETRY_DELAY_MS, signal);
      return;
    }
    // The broker works on the next fetch while this process handles the answer; an answer that no longer fits is dropped below.
    if (answers.some((a) => a.batches.length > 0)) this.#prefetched = this.startFetch(following(fetch.requests, answers));
    const now = Date.now();
    await checkpoints.beforeFiring(tasks.all(), now);
    for (const rt of tasks.all()) rt.task.advanceTime(now);
    const asked = new Map(fetch.requests.map((r) => [tpKey(r.topic, r.partition), r.offset]));
    let followed = true;
    for (const answer of answers) {
      const reader = tasks.reader(answer.topic, answer.partition);
      // A task rebuilt, moved or reset since the fetch was sent reads from its own position; this answer is not for it.
      if (reader === undefined || reader.position !== asked.get(tpKey(answer.topic, answer.partition))) {
        followed = false;
        continue;
      }
      if (answer.error === undefined) {
        process(reader, answer);
      } else {
        this.onFetchError(reader, answer);
        followed = false;
      }
    }
    // The prefetch asked for what follows this answer; where that is not where the tasks now stand, ask afresh.
    if (!followed) this.#prefetched = null;
    job.output.dispatch();
  }

  private startFetch(requests: readonly TopicPartitionOffset[]): Fetch {
    const answers = this.setup.job.fetcher.fetch(requests, this.setup.options.pollMs).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
    return { requests, answers };
  }

  private onFetchError(reader: PartitionReader, answer: FetchedPartition): void {
    const { topic, partition, position } = reader;
    const error = answer.error;
    if (error instanceof OffsetOutOfRangeError) {
      if (reader.internal) throw new InternalRecordsLostError(topic, partition, position, error.logStartOffset);
      const reset = this.setup.options.offsetReset === 'earliest' ? error.logStartOffset : error.highWatermark;
      this.setup.logger.warn({ topic, partition, position, reset }, 'records the job had not read were deleted by retention; resuming at the reset position');
      reader.position = reset;
      return;
    }
    if (error instanceof FetchFailedError) throw error;
    // The fetcher has forgotten the partition's leader; the next fetch finds it again.
    this.setup.logger.warn({ topic, partition, err: error }, 'fetch answered with a retriable error; retrying');
  }
}

/** Hands the answer's records past the reader's position to its task, in offset order, and moves the position on. */
function process(reader: PartitionReader, answer: FetchedPartition): void {
  const { task, scratch } = reader;
  const from = reader.position;
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
  reader.position = next;
  task.unsavedRecords += next - from;
  reader.lag = Math.max(0, answer.highWatermark - next);
}

/** The positions right after what `answers` holds: where the next fetch starts. */
function following(requests: readonly TopicPartitionOffset[], answers: readonly FetchedPartition[]): TopicPartitionOffset[] {
  const ends = new Map<string, number>();
  for (const a of answers) {
    const last = a.batches[a.batches.length - 1];
    if (a.error === undefined && last !== undefined) ends.set(tpKey(a.topic, a.partition), last.baseOffset + last.lastOffsetDelta + 1);
  }
  return requests.map((r) => ({ ...r, offset: Math.max(r.offset, ends.get(tpKey(r.topic, r.partition)) ?? r.offset) }));
}

export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return sleep(ms, undefined, { signal }).catch(() => undefined);
}
