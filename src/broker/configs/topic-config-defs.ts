/**
 * Every topic config Kafka 4.4 defines (its LogConfig), with Kafka's type,
 * default and validation, and the broker configs that stand behind each one
 * (the "synonyms" DescribeConfigs reports), in Kafka's order of precedence.
 */
export type ConfigType = 'BOOLEAN' | 'STRING' | 'INT' | 'LONG' | 'DOUBLE' | 'LIST';

/** Checks a value already known to parse as its type; returns why it is refused, or null. */
export type ValueCheck = (value: string) => string | null;

export interface BrokerSynonym {
  name: string;
  /** Kafka's default for the broker config, in that config's own unit; null when it has none. */
  default: string | null;
}

export interface ConfigDefinition {
  name: string;
  type: ConfigType;
  default: string;
  check: ValueCheck;
  synonyms: readonly BrokerSynonym[];
}

const LONG_MAX = '9223372036854775807';

function atLeast(min: number, max = Number.POSITIVE_INFINITY): ValueCheck {
  return (v) => {
    const n = Number(v);
    if (n < min) return `Value must be at least ${min}`;
    if (n > max) return `Value must be no more than ${max}`;
    return null;
  };
}

function oneOf(...allowed: string[]): ValueCheck {
  return (v) => (allowed.includes(v) ? null : `String must be one of: ${allowed.join(', ')}`);
}

function listOf(...allowed: string[]): ValueCheck {
  return (v) => {
    const items = splitList(v);
    const bad = items.find((i) => !allowed.includes(i));
    return bad === undefined ? null : `Invalid value ${bad}; the list may hold only: ${allowed.join(', ')}`;
  };
}

const anything: ValueCheck = () => null;

/** `[partitionId]:[brokerId],...` or `*`, as Kafka's throttled-replicas validator allows. */
const throttledReplicas: ValueCheck = (v) => {
  if (v.trim() === '*' || v.trim() === '') return null;
  return splitList(v).every((i) => /^\d+:\d+$/.test(i)) ? null : 'Value must be * or a list of [partitionId]:[brokerId]';
};

const gzipLevel: ValueCheck = (v) => (Number(v) === -1 || (Number(v) >= 1 && Number(v) <= 9) ? null : 'Value must be -1 or from 1 to 9');

export function splitList(v: string): string[] {
  return v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function def(name: string, type: ConfigType, dflt: string, check: ValueCheck, ...synonyms: [string, string | null][]): ConfigDefinition {
  return { name, type, default: dflt, check, synonyms: synonyms.map(([n, d]) => ({ name: n, default: d })) };
}

export const TOPIC_CONFIG_DEFS: readonly ConfigDefinition[] = [
  def('cleanup.policy', 'LIST', 'delete', listOf('compact', 'delete'), ['log.cleanup.policy', 'delete']),
  def('compression.gzip.level', 'INT', '-1', gzipLevel, ['compression.gzip.level', '-1']),
  def('compression.lz4.level', 'INT', '9', atLeast(1, 17), ['compression.lz4.level', '9']),
  def('compression.type', 'STRING', 'producer', oneOf('uncompressed', 'zstd', 'lz4', 'snappy', 'gzip', 'producer'), ['compression.type', 'producer']),
  def('compression.zstd.level', 'INT', '3', atLeast(-131072, 22), ['compression.zstd.level', '3']),
  def('delete.retention.ms', 'LONG', '86400000', atLeast(0), ['log.cleaner.delete.retention.ms', '86400000']),
  def('errors.deadletterqueue.group.enable', 'BOOLEAN', 'false', anything),
  def('file.delete.delay.ms', 'LONG', '60000', atLeast(0), ['log.segment.delete.delay.ms', '60000']),
  def('flush.messages', 'LONG', LONG_MAX, atLeast(1), ['log.flush.interval.messages', LONG_MAX]),
  def('flush.ms', 'LONG', LONG_MAX, atLeast(0), ['log.flush.interval.ms', null], ['log.flush.scheduler.interval.ms', LONG_MAX]),
  def('follower.replication.throttled.replicas', 'LIST', '', throttledReplicas),
  def('index.interval.bytes', 'INT', '4096', atLeast(0), ['log.index.interval.bytes', '4096']),
  def('leader.replication.throttled.replicas', 'LIST', '', throttledReplicas),
  def('local.retention.bytes', 'LONG', '-2', atLeast(-2), ['log.local.retention.bytes', '-2']),
  def('local.retention.ms', 'LONG', '-2', atLeast(-2), ['log.local.retention.ms', '-2']),
  def('max.compaction.lag.ms', 'LONG', LONG_MAX, atLeast(1), ['log.cleaner.max.compaction.lag.ms', LONG_MAX]),
  def('max.decompressed.message.bytes', 'INT', '2147483639', atLeast(1, 2147483639), ['max.decompressed.message.bytes', '2147483639']),
  def('max.message.bytes', 'INT', '1048588', atLeast(0), ['message.max.bytes', '1048588']),
  def('message.timestamp.after.max.ms', 'LONG', '3600000', atLeast(0), ['log.message.timestamp.after.max.ms', '3600000']),
  def('message.timestamp.before.max.ms', 'LONG', LONG_MAX, atLeast(0), ['log.message.timestamp.before.max.ms', LONG_MAX]),
  def('message.timestamp.type', 'STRING', 'CreateTime', oneOf('CreateTime', 'LogAppendTime'), ['log.message.timestamp.type', 'CreateTime']),
  def('min.cleanable.dirty.ratio', 'DOUBLE', '0.5', atLeast(0, 1), ['log.cleaner.min.cleanable.ratio', '0.5']),
  def('min.compaction.lag.ms', 'LONG', '0', atLeast(0), ['log.cleaner.min.compaction.lag.ms', '0']),
  def('min.insync.replicas', 'INT', '1', atLeast(1), ['min.insync.replicas', '1']),
  def('preallocate', 'BOOLEAN', 'false', anything, ['log.preallocate', 'false']),
  def('remote.copy.lag.bytes', 'LONG', '-1', atLeast(-1), ['log.remote.copy.lag.bytes', '-1']),
  def('remote.copy.lag.ms', 'LONG', '0', atLeast(-1), ['log.remote.copy.lag.ms', '0']),
  def('remote.log.copy.disable', 'BOOLEAN', 'false', anything),
  def('remote.log.delete.on.disable', 'BOOLEAN', 'false', anything),
  def('remote.storage.enable', 'BOOLEAN', 'false', anything),
  def('retention.bytes', 'LONG', '-1', anything, ['log.retention.bytes', '-1']),
  def('retention.ms', 'LONG', '604800000', atLeast(-1), ['log.retention.ms', null], ['log.retention.minutes', null], ['log.retention.hours', '168']),
  def('segment.bytes', 'INT', '1073741824', atLeast(1048576), ['log.segment.bytes', '1073741824']),
  def('segment.index.bytes', 'INT', '10485760', atLeast(4), ['log.index.size.max.bytes', '10485760']),
  def('segment.jitter.ms', 'LONG', '0', atLeast(0), ['log.roll.jitter.ms', null], ['log.roll.jitter.hours', '0']),
  def('segment.ms', 'LONG', '604800000', atLeast(1), ['log.roll.ms', null], ['log.roll.hours', '168']),
  def('unclean.leader.election.enable', 'BOOLEAN', 'false', anything, ['unclean.leader.election.enable', 'false']),
];

export const TOPIC_CONFIGS: ReadonlyMap<string, ConfigDefinition> = new Map(TOPIC_CONFIG_DEFS.map((d) => [d.name, d]));
