import type { Logger } from '../log.js';
import { ListenerConfigError, resolveListener, usesSasl, usesTls, type ListenerOptions, type ResolvedListener } from './listeners.js';
import type { SaslOptions } from './security/sasl-settings.js';
import type { TlsOptions } from './security/tls.js';

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
  /** A repeating warning (failed logins, refused versions, bad input, connections over the limit) is written once per peer and kind per this long, with a count (default a minute). */
  warningLogWindowMs?: number;
  /** Most connections open at once from one address, across listeners (Kafka's max.connections.per.ip); no limit when absent. */
  maxConnectionsPerIp?: number;
  /** Per-address limits replacing maxConnectionsPerIp, by IP address (Kafka's max.connections.per.ip.overrides). */
  maxConnectionsPerIpOverrides?: Readonly<Record<string, number>>;
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
  /**
   * The users and mechanisms of SASL authentication (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512), required on
   * SASL_PLAINTEXT and SASL_SSL listeners. Without `listeners`, it makes the one listener SASL_PLAINTEXT
   * (SASL_SSL with `tls`).
   */
  sasl?: SaslOptions;
  /** The certificate and key of SSL and SASL_SSL listeners. Without `listeners`, it makes the one listener SSL (SASL_SSL with `sasl`). */
  tls?: TlsOptions;
  /** Several listeners, as Kafka's listeners= and advertised.listeners=; replaces host, port and advertisedHost. */
  listeners?: ListenerOptions[];
  /** Turns on ACLs (Kafka's authorizer.class.name): without it every request is allowed, as in Kafka. */
  authorizer?: AuthorizerOptions;
}

/** An authorizer's settings, as Kafka's super.users and allow.everyone.if.no.acl.found. */
export interface AuthorizerOptions {
  /** Principals allowed everything (`User:admin`). */
  superUsers?: string[];
  /** Whether a resource no ACL covers is open to everyone; false by default, as in Kafka. */
  allowEveryoneIfNoAclFound?: boolean;
}

export type ResolvedBrokerOptions = Required<Omit<BrokerOptions, 'logger' | 'log' | 'flushMessages' | 'flushMs' | 'zookeeperPort' | 'sasl' | 'tls' | 'listeners' | 'maxConnectionsPerIp' | 'authorizer'>> & {
  maxConnectionsPerIp: number | undefined;
  logger: Logger;
  log: TopicLogSettings;
  flushMessages: number | undefined;
  flushMs: number | undefined;
  zookeeperPort: number | undefined;
  sasl: SaslOptions | undefined;
  tls: TlsOptions | undefined;
  authorizer: Required<AuthorizerOptions> | undefined;
  /** Never empty; the first is the one `host`, `port` and `advertisedHost` describe. */
  listeners: ResolvedListener[];
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
  warningLogWindowMs: 60_000,
  logCleanerBackoffMs: 15_000,
  logCleanerEnable: true,
  offsetsRetentionMs: 7 * DAY_MS,
  groupInitialRebalanceDelayMs: 0,
} as const;

/** The one listener of host and port, its protocol told by whether SASL and TLS are set, as a Kafka listener of that name. */
function defaultListener(o: BrokerOptions): ListenerOptions {
  const name = o.sasl ? (o.tls ? 'SASL_SSL' : 'SASL_PLAINTEXT') : o.tls ? 'SSL' : 'PLAINTEXT';
  return { name, host: o.host ?? BROKER_DEFAULTS.host, port: o.port ?? BROKER_DEFAULTS.port, ...(o.advertisedHost !== undefined && { advertisedHost: o.advertisedHost }) };
}

/** Every listener has what its protocol needs, and no security setting is given for nothing. */
function checkListeners(listeners: ResolvedListener[], o: BrokerOptions): void {
  if (listeners.length === 0) throw new ListenerConfigError('no listener given; give at least one, such as PLAINTEXT://127.0.0.1:9092');
  const names = new Set<string>();
  for (const l of listeners) {
    if (names.has(l.name)) throw new ListenerConfigError(`the listener ${l.name} is named twice; each listener needs its own name`);
    names.add(l.name);
    if (usesTls(l.protocol) && !o.tls) throw new ListenerConfigError(`the listener ${l.name} is ${l.protocol}: give the broker's certificate and key (--tls-cert and --tls-key, or ssl.certificate.location and ssl.key.location)`);
    // SASL options without users are refused by the SASL settings, with what to give.
    if (usesSasl(l.protocol) && !o.sasl) throw new ListenerConfigError(`the listener ${l.name} is ${l.protocol}: SASL needs users; give a users file (--sasl-users-file) or inline users (--sasl-user NAME:PASSWORD)`);
  }
  if (o.tls && !listeners.some((l) => usesTls(l.protocol))) throw new ListenerConfigError('TLS settings given, but no listener is SSL or SASL_SSL; add one to the listeners (e.g. SSL://0.0.0.0:9093)');
  if (o.sasl && !listeners.some((l) => usesSasl(l.protocol))) throw new ListenerConfigError('SASL users given, but no listener is SASL_PLAINTEXT or SASL_SSL; add one to the listeners (e.g. SASL_SSL://0.0.0.0:9093)');
}

/** A connection limit is a whole number ≥ 0 (0 admits nobody but the overrides, as in Kafka). */
function connectionLimit(key: string, n: number | undefined): number | undefined {
  if (n !== undefined && !(Number.isInteger(n) && n >= 0)) throw new ListenerConfigError(`${key} takes a whole number ≥ 0, got ${n}`);
  return n;
}

function connectionOverrides(o: Readonly<Record<string, number>>): Readonly<Record<string, number>> {
  for (const [address, n] of Object.entries(o)) connectionLimit(`max.connections.per.ip.overrides (${address})`, n);
  return o;
}

export function resolveBrokerOptions(o: BrokerOptions, logger: Logger): ResolvedBrokerOptions {
  const listeners = (o.listeners ?? [defaultListener(o)]).map(resolveListener);
  checkListeners(listeners, o);
  const first = listeners[0]!;
  return {
    host: first.host,
    port: first.port,
    advertisedHost: first.advertisedHost,
    listeners,
    tls: o.tls,
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
    warningLogWindowMs: o.warningLogWindowMs ?? BROKER_DEFAULTS.warningLogWindowMs,
    maxConnectionsPerIp: connectionLimit('max.connections.per.ip', o.maxConnectionsPerIp),
    maxConnectionsPerIpOverrides: connectionOverrides(o.maxConnectionsPerIpOverrides ?? {}),
    logCleanerBackoffMs: o.logCleanerBackoffMs ?? BROKER_DEFAULTS.logCleanerBackoffMs,
    logCleanerEnable: o.logCleanerEnable ?? BROKER_DEFAULTS.logCleanerEnable,
    staticConfigs: o.staticConfigs ?? {},
    offsetsRetentionMs: o.offsetsRetentionMs ?? BROKER_DEFAULTS.offsetsRetentionMs,
    zookeeperPort: o.zookeeperPort,
    sasl: o.sasl,
    authorizer: o.authorizer && { superUsers: o.authorizer.superUsers ?? [], allowEveryoneIfNoAclFound: o.authorizer.allowEveryoneIfNoAclFound ?? false },
    groupInitialRebalanceDelayMs: o.groupInitialRebalanceDelayMs ?? BROKER_DEFAULTS.groupInitialRebalanceDelayMs,
  };
}
