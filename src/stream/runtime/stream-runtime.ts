import type { Logger } from '../../log.js';
import type { Topology } from '../topology/topology.js';
import { ActiveTasks } from './active-tasks.js';
import type { BatchSink } from './batch-sink.js';
import { Checkpoints } from './checkpoints.js';
import { ConnectedJob } from './connected-job.js';
import { MetricsTracker, type RuntimeMetrics } from './job-metrics.js';
import { resolveOptions, type ResolvedOptions, type RuntimeOptions } from './options.js';
import { QueryServer } from './queries/query-server.js';
import { StreamThread } from './stream-thread.js';
import { TaskManager } from './task-manager.js';

/**
 * Runs a topology against Kafka, as Kafka Streams' KafkaStreams does: one consumer group
 * per application id; each task (one partition of one sub-topology) owns its keyed state,
 * kept in a changelog topic so that any instance can restore it. Every checkpoint flushes
 * the output, then appends the changed state with the input positions to the changelog,
 * then commits the offsets. See docs/stream.md (Runtime) and docs/guarantees.md.
 *
 * The phases are objects built whole: ConnectedJob (the plan and the clients, group
 * joined), TaskManager (assignments into running tasks), StreamThread (the loop). This
 * object only holds what outlives them: the options, the tasks and the metrics.
 */
export class StreamRuntime {
  private readonly options: ResolvedOptions;
  private readonly logger: Logger;
  private readonly tracker: MetricsTracker;
  private readonly batchSinks: ReadonlyMap<string, BatchSink>;
  private readonly tasks = new ActiveTasks();

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

  /** Where the job serves its state stores while it runs (the queryPort option), else undefined. */
  queryUrl(): string | undefined {
    return this.tracker.queryUrl ?? undefined;
  }

  /** The metrics object: what the dashboard and Prometheus read. */
  metrics(): RuntimeMetrics {
    this.tracker.lag = this.tasks.lag();
    return this.tracker.snapshot(this.tasks.metrics(), this.tasks.details(), Date.now());
  }

  /**
   * Joins the group and processes until `signal` aborts, then checkpoints and leaves the
   * group. Rejects with the error that stopped the job; the last complete checkpoint stands.
   */
  async run(signal: AbortSignal): Promise<void> {
    const queries = await this.openQueryServer();
    let job: ConnectedJob;
    try {
      job = await ConnectedJob.open(this.topology, this.options, this.logger);
    } catch (error) {
      await this.closeQueryServer(queries);
      this.logger.info(summary(this.metrics()), 'job stopped');
      throw error;
    }
    const { tasks, tracker, batchSinks, logger, options } = this;
    const manager = new TaskManager({ job, tasks, tracker, batchSinks, offsetReset: options.offsetReset, logger });
    const checkpoints = new Checkpoints(job.output, job.session, logger, options.processingGuarantee === 'exactly_once_v2', () => manager.generation);
    const thread = new StreamThread({ job, tasks, manager, checkpoints, tracker, options, logger });
    const timers = [
      setInterval(() => this.sample(job), options.metricsIntervalMs).unref(),
      setInterval(() => this.logStatus(), options.statusIntervalMs).unref(),
    ];
    let stoppedCleanly = false;
    try {
      await thread.run(signal);
      await thread.checkpoint();
      stoppedCleanly = true;
    } finally {
      for (const timer of timers) clearInterval(timer);
      await this.closeQueryServer(queries);
      await job.publisher?.publish(this.metrics());
      for (const err of await job.close()) logger.warn({ err }, 'a client did not close cleanly');
      logger.info({ stoppedCleanly, ...summary(this.metrics()) }, stoppedCleanly ? 'job stopped after a final checkpoint' : 'job stopped');
    }
  }

  private async openQueryServer(): Promise<QueryServer | undefined> {
    const { queryPort, queryHost, applicationId, instanceId } = this.options;
    if (queryPort === null) return undefined;
    const tasks = this.tasks;
    const server = await QueryServer.listen(
      queryHost,
      queryPort,
      { applicationId, instance: instanceId, tasks: () => tasks.all().map((t) => ({ partition: t.partition, stores: t.task.stores })) },
      this.logger,
    );
    this.tracker.queryUrl = server.url;
    this.logger.info({ url: server.url }, 'serving the state stores (interactive queries)');
    return server;
  }

  private async closeQueryServer(server: QueryServer | undefined): Promise<void> {
    if (server === undefined) return;
    this.tracker.queryUrl = null;
    await server.close();
  }

  private sample(job: ConnectedJob): void {
    this.tracker.sampleRates(this.tasks.metrics().values(), Date.now());
    void job.publisher?.publish(this.metrics());
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
}

function summary(m: RuntimeMetrics) {
  return { recordsIn: m.recordsIn, recordsOut: m.recordsOut, lateRecords: m.lateRecords, counters: m.counters };
}
