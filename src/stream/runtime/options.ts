import { hostname } from 'node:os';
import { silentLogger, type Logger } from '../../log.js';
import type { BatchSink } from './batch-sink.js';

/** Where a task starts reading a partition it has no checkpoint or committed offset for, as Kafka's auto.offset.reset. */
export type OffsetReset = 'earliest' | 'latest';

/**
 * Kafka Streams' processing.guarantee. at_least_once: a crash replays the input since the last
 * checkpoint, so its output may appear twice. exactly_once_v2: each checkpoint interval's output,
 * changelog writes and input offsets are one Kafka transaction, and the runtime reads with
 * read_committed, so a read_committed reader sees each result once.
 */
export type ProcessingGuarantee = 'at_least_once' | 'exactly_once_v2';
export const PROCESSING_GUARANTEES: readonly ProcessingGuarantee[] = ['at_least_once', 'exactly_once_v2'];

export interface RuntimeOptions {
  /** `host:port[,host:port…]`. */
  readonly bootstrap: string;
  /** Consumer group id and prefix of the internal topics, as Kafka Streams' application.id. */
  readonly applicationId: string;
  /** Names the job in logs and metrics. Default: the application id. */
  readonly job?: string;
  /** Names this process in the group's member ids and in metrics. Default: `<host>-<pid>`. */
  readonly instanceId?: string;
  /** Default at_least_once. */
  readonly processingGuarantee?: ProcessingGuarantee;
  /**
   * How often state is flushed to the changelog and input offsets committed (under
   * exactly_once_v2: how often the transaction commits, so how late results become visible).
   * Default 5000, or 100 under exactly_once_v2, as Kafka Streams' commit.interval.ms.
   */
  readonly checkpointIntervalMs?: number;
  /** Default 'earliest', as Kafka Streams: a new job counts what is already in its input topics. */
  readonly offsetReset?: OffsetReset;
  /** Longest wait of one fetch, so the clock ticks (windows close) at least this often while idle. Default 100. */
  readonly pollMs?: number;
  /** Output records sent but not yet acknowledged beyond which fetching pauses. Default 50,000. */
  readonly maxPendingOutput?: number;
  /** Most bytes one fetch returns (it bounds the records decoded at once). Default 8 MiB. */
  readonly fetchMaxBytes?: number;
  /** How long the group waits for a silent member before moving its tasks; the broker's minimum is 6000. Default 10,000. */
  readonly sessionTimeoutMs?: number;
  readonly heartbeatIntervalMs?: number;
  /** Topic the metrics object is published to, keyed by the job; null publishes nothing. Default `streamdash-metrics`. */
  readonly metricsTopic?: string | null;
  /** Default 1000. */
  readonly metricsIntervalMs?: number;
  /** Between status log lines. Default 10,000. */
  readonly statusIntervalMs?: number;
  readonly batchSinks?: readonly BatchSink[];
  /** The job's own counters (dropped and dead-lettered records…), published with the metrics. */
  readonly counters?: () => Readonly<Record<string, number>>;
  /** See PlanOptions.fuseSinglePartition. Default true. */
  readonly fuseSinglePartition?: boolean;
  /** Serves the job's state stores read-only over HTTP on this port (0: any free one); see queries/query-server.ts. Default null: no server. */
  readonly queryPort?: number | null;
  /** Where the query server binds. Default 127.0.0.1: the stores are the job's data, not for the network unless asked. */
  readonly queryHost?: string;
  readonly logger?: Logger;
}

export const METRICS_TOPIC = 'streamdash-metrics';
const EOS_CHECKPOINT_INTERVAL_MS = 100;

export type ResolvedOptions = Required<Omit<RuntimeOptions, 'counters'>> & Pick<RuntimeOptions, 'counters'>;

export function resolveOptions(options: RuntimeOptions): ResolvedOptions {
  return {
    job: options.applicationId,
    instanceId: `${hostname()}-${process.pid}`,
    processingGuarantee: 'at_least_once',
    checkpointIntervalMs: options.processingGuarantee === 'exactly_once_v2' ? EOS_CHECKPOINT_INTERVAL_MS : 5000,
    offsetReset: 'earliest',
    pollMs: 100,
    maxPendingOutput: 50_000,
    fetchMaxBytes: 8 << 20,
    sessionTimeoutMs: 10_000,
    heartbeatIntervalMs: 1000,
    metricsTopic: METRICS_TOPIC,
    metricsIntervalMs: 1000,
    statusIntervalMs: 10_000,
    batchSinks: [],
    fuseSinglePartition: true,
    queryPort: null,
    queryHost: '127.0.0.1',
    logger: silentLogger,
    ...definedOnly(options),
    bootstrap: options.bootstrap,
    applicationId: options.applicationId,
  };
}

/** Drops keys set to undefined, so `{ pollMs: undefined }` keeps the default instead of erasing it. */
function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Partial<T>;
}
