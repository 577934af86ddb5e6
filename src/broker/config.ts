import type { Logger } from '../log.js';
import type { SaslOptions } from './security/sasl-settings.js';

/** Per-topic log settings; topics created with configs override the broker's. */
export interface TopicLogSettings {
  segmentBytes: number;
  segmentMs: number;
  retentionMs: number;
  retentionBytes: number;
}

export interface BrokerOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** The address clients are told to connect to; defaults to host, or 127.0.0.1 when host is a wildcard. */
  advertisedHost?: string;
  dataDir: string;
  logger?: Logger;
  autoCreateTopics?: boolean;
  defaultPartitions?: number;
  /** Largest request frame accepted, in bytes. */
  maxRequestBytes?: number;
  /** Largest record batch accepted (Kafka's message.max.bytes). */
  maxMessageBytes?: number;
  log?: Partial<TopicLogSettings>;
  /** fsync after this many messages (Kafka's log.flush.interval.messages). */
  flushMessages?: number;
  /** fsync when this long has passed since the last one (log.flush.interval.ms). */
  flushMs?: number;
  /** fsync before answering a produce with acks=-1. */
  fsyncOnAck?: boolean;
  /** How often retention and time-based flushing are checked. */
  housekeepingIntervalMs?: number;
  /** Pause between two passes of the log cleaner over compacted topics (Kafka's log.cleaner.backoff.ms). */
  logCleanerBackoffMs?: number;
  /** Whether the log cleaner runs at all (Kafka's log.cleaner.enable); when off, compacted topics only grow. */
  logCleanerEnable?: boolean;
  /**
   * Static broker configs behind topic configs, by their Kafka broker names, as a server.properties
   * sets them (log.cleanup.policy, log.cleaner.min.cleanable.ratio, log.cleaner.delete.retention.ms, ...):
   * topics without their own value take these, and DescribeConfigs reports them as STATIC_BROKER_CONFIG.
   */
  staticConfigs?: Readonly<Record<string, string>>;
  /** How long a group's committed offsets are kept once it has no members (Kafka's offsets.retention.minutes). */
  offsetsRetentionMs?: number;
  /** Also serve ZooKeeper's protocol on this port (0 picks a free one), for ZooKeeper-era tools; off when absent. */
  zookeeperPort?: number;
  /**
   * How long a new (empty) group waits for more members before it forms its first generation,
   * extended while members keep joining, up to the rebalance timeout (Kafka's group.initial.rebalance.delay.ms).
   * At 0 the joins that arrive within the same turn of the event loop still form one generation.
   * Defaults to 0, as Kafka's shipped config/server.properties sets it (its code default is 3000):
   * the demo's first live window must not wait 3 s for a group; ask for 3000 to get Kafka's wait.
   */
  groupInitialRebalanceDelayMs?: number;
  /** Require SASL authentication (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512) on the listener, Kafka's SASL_PLAINTEXT; off when absent. */
  sasl?: SaslOptions;
}

export type ResolvedBrokerOptions = Required<Omit<BrokerOptions, 'logger' | 'log' | 'flushMessages' | 'flushMs' | 'zookeeperPort' | 'sasl'>> & {
  logger: Logger;
  log: TopicLogSettings;
  flushMessages: number | undefined;
  flushMs: number | undefined;
  zookeeperPort: number | undefined;
  sasl: SaslOptions | undefined;
};

const DAY_MS = 24 * 3600 * 1000;

export const DEFAULT_TOPIC_LOG: TopicLogSettings = {
  segmentBytes: 1024 * 1024 * 1024,
  segmentMs: 7 * DAY_MS,
  retentionMs: 7 * DAY_MS,
  retentionBytes: -1,
};

export const BROKER_DEFAULTS = {
  host: '127.0.0.1',
  port: 9092,
  autoCreateTopics: true,
  defaultPartitions: 1,
  maxRequestBytes: 100 * 1024 * 1024,
  maxMessageBytes: 1024 * 1024 + 12,
  fsyncOnAck: false,
  housekeepingIntervalMs: 5000,
  logCleanerBackoffMs: 15_000,
  logCleanerEnable: true,
  offsetsRetentionMs: 7 * DAY_MS,
  groupInitialRebalanceDelayMs: 0,
} as const;

export function resolveBrokerOptions(o: BrokerOptions, logger: Logger): ResolvedBrokerOptions {
  const host = o.host ?? BROKER_DEFAULTS.host;
  const wildcard = host === '0.0.0.0' || host === '::';
  return {
    host,
    port: o.port ?? BROKER_DEFAULTS.port,
    advertisedHost: o.advertisedHost ?? (wildcard ? '127.0.0.1' : host),
    dataDir: o.dataDir,
    logger,
    autoCreateTopics: o.autoCreateTopics ?? BROKER_DEFAULTS.autoCreateTopics,
    defaultPartitions: o.defaultPartitions ?? BROKER_DEFAULTS.defaultPartitions,
    maxRequestBytes: o.maxRequestBytes ?? BROKER_DEFAULTS.maxRequestBytes,
    maxMessageBytes: o.maxMessageBytes ?? BROKER_DEFAULTS.maxMessageBytes,
    log: { ...DEFAULT_TOPIC_LOG, ...o.log },
    flushMessages: o.flushMessages,
    flushMs: o.flushMs,
    fsyncOnAck: o.fsyncOnAck ?? BROKER_DEFAULTS.fsyncOnAck,
    housekeepingIntervalMs: o.housekeepingIntervalMs ?? BROKER_DEFAULTS.housekeepingIntervalMs,
    logCleanerBackoffMs: o.logCleanerBackoffMs ?? BROKER_DEFAULTS.logCleanerBackoffMs,
    logCleanerEnable: o.logCleanerEnable ?? BROKER_DEFAULTS.logCleanerEnable,
    staticConfigs: o.staticConfigs ?? {},
    offsetsRetentionMs: o.offsetsRetentionMs ?? BROKER_DEFAULTS.offsetsRetentionMs,
    zookeeperPort: o.zookeeperPort,
    sasl: o.sasl,
    groupInitialRebalanceDelayMs: o.groupInitialRebalanceDelayMs ?? BROKER_DEFAULTS.groupInitialRebalanceDelayMs,
  };
}
