import { readFileSync } from 'node:fs';
import { parseProperties } from '../agent/config/properties.js';
import { ListenerConfigError, listenersFromLists, parseListenerList, parseProtocolMap, usesSasl, usesTls, type ListenerAddress } from '../broker/listeners.js';
import { mechanismList, SASL_MECHANISMS, type SaslMechanism } from '../broker/security/mechanism.js';
import { BrokerConfigs } from '../broker/configs/broker-configs.js';
import { parseConnectionOverrides } from '../broker/connection-limits.js';
import { ConfigError } from '../broker/configs/topic-configs.js';
import { CLIENT_AUTH_MODES, type ClientAuth } from '../broker/security/tls.js';
import { AuthorizerConfigError, parseAuthorizer, parseSuperUsers } from '../broker/acl/authorizer-config.js';

/** The broker flags a Kafka server.properties can set; the command line wins over the file. */
/** The listener and TLS settings, the same from the command line and from a server.properties. */
export interface ListenerFlags {
  /** Kafka's listeners, advertised.listeners and listener.security.protocol.map, as their comma-separated values (one listener sets host and port). */
  listeners?: string;
  advertisedListeners?: string;
  listenerSecurityProtocolMap?: string;
  /** A listener is SSL or SASL_SSL: the broker must not start without a certificate and key. */
  tlsRequired?: boolean;
  tlsCert?: string;
  tlsKey?: string;
  tlsCa?: string;
  tlsClientAuth?: ClientAuth;
}

export interface ServerPropertiesFlags extends ListenerFlags {
  host?: string;
  port?: number;
  advertisedHost?: string;
  dataDir?: string;
  partitions?: number;
  autoCreate?: boolean;
  retentionMs?: number;
  retentionBytes?: number;
  segmentBytes?: number;
  zookeeperPort?: number;
  groupInitialRebalanceDelayMs?: number;
  offsetsRetentionMs?: number;
  /** A listener's security protocol is SASL_PLAINTEXT or SASL_SSL: the broker must not start without SASL users. */
  saslRequired?: boolean;
  saslMechanisms?: SaslMechanism[];
  saslReauthMs?: number;
  /** authorizer.class.name, super.users and allow.everyone.if.no.acl.found: ACLs. */
  authorizer?: string;
  superUsers?: string[];
  allowEveryoneIfNoAclFound?: boolean;
  logCleanerBackoffMs?: number;
  logCleanerEnable?: boolean;
  maxConnectionsPerIp?: number;
  maxConnectionsPerIpOverrides?: Record<string, number>;
  /** The cleaner's broker configs behind topic configs (log.cleanup.policy, log.cleaner.*.ratio/lag/retention), by name. */
  staticConfigs?: Record<string, string>;
}

/** Broker configs of the cleaner that stand behind topic configs: passed to the broker by name, checked as it checks them. */
const CLEANER_TOPIC_SYNONYMS = [
  'log.cleanup.policy',
  'log.cleaner.min.cleanable.ratio',
  'log.cleaner.min.compaction.lag.ms',
  'log.cleaner.max.compaction.lag.ms',
  'log.cleaner.delete.retention.ms',
] as const;

export interface ServerProperties {
  flags: ServerPropertiesFlags;
  /** Keys of the file streamdash has no use for (replication, quorum, JMX…), for one log line. */
  ignored: string[];
}

/** A server.properties value streamdash cannot follow, named with its file line and what to write instead. */
export class ServerPropertiesError extends Error {
  override readonly name = 'ServerPropertiesError';
}

/** The addresses that mean "this machine": the facade serves ZooKeeper itself, so zookeeper.connect must point here. */
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]', '0.0.0.0']);

/** Reads a Kafka broker's server.properties (as `kafka-server-start.sh config/server.properties` takes it). */
export function readServerProperties(file: string): ServerProperties {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ServerPropertiesError(`cannot read --config ${file}: ${(err as Error).message}`);
  }
  return parseServerProperties(text, file);
}

export function parseServerProperties(text: string, file = 'server.properties'): ServerProperties {
  const props = new Map<string, { value: string; line: number }>();
  // java.util.Properties keeps the last of a repeated key; so do we.
  for (const e of parseProperties(text)) props.set(e.key, { value: e.value.trim(), line: e.line });
  const flags: ServerPropertiesFlags = {};
  const used = new Set<string>();
  const take = (key: string): { value: string; line: number } | undefined => {
    const p = props.get(key);
    if (p !== undefined) used.add(key);
    return p;
  };
  const int = (key: string, min: number): number | undefined => {
    const p = take(key);
    if (p === undefined) return undefined;
    const n = Number(p.value);
    if (!Number.isInteger(n) || n < min) throw new ServerPropertiesError(`${file}:${p.line}: ${key} takes a whole number ≥ ${min}, got "${p.value}"`);
    return n;
  };

  const listener = take('listeners');
  const advertised = take('advertised.listeners');
  if (listener !== undefined) {
    const where = `${file}:${listener.line}: listeners`;
    const map = take('listener.security.protocol.map');
    try {
      const addresses = parseListenerList(listener.value, where);
      const advertisedAddresses = advertised === undefined ? [] : parseListenerList(advertised.value, `${file}:${advertised.line}: advertised.listeners`);
      const resolved = listenersFromLists(addresses, advertisedAddresses, map === undefined ? new Map() : parseProtocolMap(map.value, `${file}:${map.line}: listener.security.protocol.map`), where);
      if (resolved.some((l) => usesSasl(l.protocol!))) flags.saslRequired = true;
      if (resolved.some((l) => usesTls(l.protocol!))) flags.tlsRequired = true;
      if (addresses.length === 1) {
        Object.assign(flags, hostAndPort(addresses[0]!));
        if (advertisedAddresses[0]?.host !== undefined) flags.advertisedHost = advertisedAddresses[0].host;
      } else {
        flags.listeners = listener.value;
        if (advertised !== undefined) flags.advertisedListeners = advertised.value;
        if (map !== undefined) flags.listenerSecurityProtocolMap = map.value;
      }
    } catch (err) {
      if (err instanceof ListenerConfigError) throw new ServerPropertiesError(err.message);
      throw err;
    }
  } else if (advertised !== undefined) {
    // Kafka's default listener then: the first advertised host is what clients are told.
    try {
      const first = parseListenerList(advertised.value, `${file}:${advertised.line}: advertised.listeners`)[0]!;
      if (first.host !== undefined) flags.advertisedHost = first.host;
    } catch (err) {
      if (err instanceof ListenerConfigError) throw new ServerPropertiesError(err.message);
      throw err;
    }
  }
  // PEM files by librdkafka's names; Kafka's JKS/PKCS12 keystores are not read.
  for (const key of ['ssl.keystore.location', 'ssl.truststore.location']) {
    const p = take(key);
    if (p !== undefined) throw new ServerPropertiesError(`${file}:${p.line}: ${key} (a JKS or PKCS12 store) is not read; give PEM files with ssl.certificate.location, ssl.key.location and ssl.ca.location`);
  }
  const cert = take('ssl.certificate.location');
  if (cert !== undefined) flags.tlsCert = cert.value;
  const key = take('ssl.key.location');
  if (key !== undefined) flags.tlsKey = key.value;
  const ca = take('ssl.ca.location');
  if (ca !== undefined) flags.tlsCa = ca.value;
  const clientAuth = take('ssl.client.auth');
  if (clientAuth !== undefined) {
    const mode = CLIENT_AUTH_MODES.find((m) => m === clientAuth.value.toLowerCase());
    if (mode === undefined) throw new ServerPropertiesError(`${file}:${clientAuth.line}: ssl.client.auth takes ${CLIENT_AUTH_MODES.join(', ')}, got "${clientAuth.value}"`);
    flags.tlsClientAuth = mode;
  }
  const mechanisms = take('sasl.enabled.mechanisms');
  if (mechanisms !== undefined) flags.saslMechanisms = parseMechanisms(mechanisms.value, `${file}:${mechanisms.line}: sasl.enabled.mechanisms`);
  const reauth = int('connections.max.reauth.ms', 0);
  if (reauth !== undefined) flags.saslReauthMs = reauth;
  const authorizer = take('authorizer.class.name');
  const superUsers = take('super.users');
  const allowEveryone = take('allow.everyone.if.no.acl.found');
  try {
    if (authorizer !== undefined && parseAuthorizer(authorizer.value, `${file}:${authorizer.line}: authorizer.class.name`)) flags.authorizer = authorizer.value;
    if (superUsers !== undefined) flags.superUsers = parseSuperUsers(superUsers.value, `${file}:${superUsers.line}: super.users`);
  } catch (err) {
    if (err instanceof AuthorizerConfigError) throw new ServerPropertiesError(err.message);
    throw err;
  }
  if (allowEveryone !== undefined) flags.allowEveryoneIfNoAclFound = parseBoolean(allowEveryone.value, `${file}:${allowEveryone.line}: allow.everyone.if.no.acl.found`);
  const hostName = take('host.name');
  if (hostName !== undefined && flags.host === undefined && hostName.value !== '') flags.host = hostName.value;
  const port = int('port', 0);
  if (port !== undefined && flags.port === undefined) flags.port = port;
  const advertisedHostName = take('advertised.host.name');
  if (advertisedHostName !== undefined && flags.advertisedHost === undefined) flags.advertisedHost = advertisedHostName.value;

  const dirs = take('log.dirs') ?? take('log.dir');
  if (dirs !== undefined) flags.dataDir = dirs.value.split(',')[0]!.trim();
  const partitions = int('num.partitions', 1);
  if (partitions !== undefined) flags.partitions = partitions;
  const autoCreate = take('auto.create.topics.enable');
  if (autoCreate !== undefined) flags.autoCreate = parseBoolean(autoCreate.value, `${file}:${autoCreate.line}: auto.create.topics.enable`);

  // Kafka takes the finest unit given: ms over minutes over hours.
  const retentionMs = int('log.retention.ms', -1);
  const retentionMinutes = int('log.retention.minutes', 1);
  const retentionHours = int('log.retention.hours', 1);
  if (retentionMs !== undefined) flags.retentionMs = retentionMs;
  else if (retentionMinutes !== undefined) flags.retentionMs = retentionMinutes * 60_000;
  else if (retentionHours !== undefined) flags.retentionMs = retentionHours * 3_600_000;
  const retentionBytes = int('log.retention.bytes', -1);
  if (retentionBytes !== undefined) flags.retentionBytes = retentionBytes;
  const segmentBytes = int('log.segment.bytes', 1024);
  if (segmentBytes !== undefined) flags.segmentBytes = segmentBytes;

  // Kafka's shipped server.properties sets this to 0 for development, as streamdash defaults.
  const delay = int('group.initial.rebalance.delay.ms', 0);
  if (delay !== undefined) flags.groupInitialRebalanceDelayMs = delay;
  const offsetsRetention = int('offsets.retention.minutes', 1);
  if (offsetsRetention !== undefined) flags.offsetsRetentionMs = offsetsRetention * 60_000;

  const backoff = int('log.cleaner.backoff.ms', 0);
  if (backoff !== undefined) flags.logCleanerBackoffMs = backoff;
  const cleanerEnable = take('log.cleaner.enable');
  if (cleanerEnable !== undefined) flags.logCleanerEnable = parseBoolean(cleanerEnable.value, `${file}:${cleanerEnable.line}: log.cleaner.enable`);
  for (const key of CLEANER_TOPIC_SYNONYMS) {
    const p = take(key);
    if (p === undefined) continue;
    try {
      BrokerConfigs.checkStatic(key, p.value);
    } catch (err) {
      if (err instanceof ConfigError) throw new ServerPropertiesError(`${file}:${p.line}: ${err.message}`);
      throw err;
    }
    flags.staticConfigs = { ...flags.staticConfigs, [key]: p.value };
  }

  const maxPerIp = int('max.connections.per.ip', 0);
  if (maxPerIp !== undefined) flags.maxConnectionsPerIp = maxPerIp;
  const overrides = take('max.connections.per.ip.overrides');
  if (overrides !== undefined) {
    try {
      flags.maxConnectionsPerIpOverrides = parseConnectionOverrides(overrides.value, `${file}:${overrides.line}: max.connections.per.ip.overrides`);
    } catch (err) {
      if (err instanceof ListenerConfigError) throw new ServerPropertiesError(err.message);
      throw err;
    }
  }

  const zk = take('zookeeper.connect');
  if (zk !== undefined) flags.zookeeperPort = zookeeperPortOf(zk.value, `${file}:${zk.line}: zookeeper.connect`);

  return { flags, ignored: [...props.keys()].filter((k) => !used.has(k)) };
}

function parseMechanisms(value: string, where: string): SaslMechanism[] {
  const { mechanisms, unknown } = mechanismList(value);
  if (unknown.length > 0) throw new ServerPropertiesError(`${where}: ${unknown.join(', ')} not served; choose among ${SASL_MECHANISMS.join(', ')}`);
  return mechanisms;
}

function hostAndPort(a: ListenerAddress): { host?: string; port: number } {
  return { ...(a.host !== undefined && { host: a.host }), port: a.port };
}

function parseBoolean(value: string, where: string): boolean {
  const v = value.toLowerCase();
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw new ServerPropertiesError(`${where} takes true or false, got "${value}"`);
}

/**
 * `host:port[,host:port…][/chroot]`: the broker would connect there; streamdash serves ZooKeeper's
 * protocol itself on that port instead, so every host must be this machine and every port the same.
 */
function zookeeperPortOf(value: string, where: string): number {
  const slash = value.indexOf('/');
  if (slash >= 0 && value.slice(slash) !== '/') {
    throw new ServerPropertiesError(`${where}: the chroot "${value.slice(slash)}" is not served; drop it (the facade keeps Kafka's znodes at the root)`);
  }
  const hosts = (slash >= 0 ? value.slice(0, slash) : value).split(',').map((h) => h.trim());
  const ports = new Set<number>();
  for (const hp of hosts) {
    const m = /^(\[[^\]]*\]|[^:]+)(?::(\d+))?$/.exec(hp);
    if (m === null) throw new ServerPropertiesError(`${where} must look like localhost:2181, got "${value}"`);
    if (!LOCAL_HOSTS.has(m[1]!)) {
      throw new ServerPropertiesError(`${where} names ${m[1]}; streamdash serves ZooKeeper itself, so point it at this machine (localhost:2181)`);
    }
    ports.add(m[2] === undefined ? 2181 : Number(m[2]));
  }
  if (ports.size !== 1) throw new ServerPropertiesError(`${where} names several ports (${[...ports].join(', ')}); the facade is one server: keep one`);
  return [...ports][0]!;
}
