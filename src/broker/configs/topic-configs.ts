import { ErrorCode } from '../../protocol/error-codes.js';
import type { TopicLogSettings } from '../config.js';
import { splitList, TOPIC_CONFIGS, type ConfigDefinition, type ConfigType } from './topic-config-defs.js';

/** A config refused, with Kafka's error code and a message naming the key and the reason. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    message: string,
    readonly code: number = ErrorCode.INVALID_CONFIG,
  ) {
    super(message);
  }
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

function typeProblem(type: ConfigType, value: string): string | null {
  const v = value.trim();
  switch (type) {
    case 'INT': {
      const n = Number(v);
      return /^-?\d+$/.test(v) && n >= INT32_MIN && n <= INT32_MAX ? null : 'Not a number of type INT';
    }
    case 'LONG':
      return /^-?\d+$/.test(v) && BigInt(v) >= -(2n ** 63n) && BigInt(v) < 2n ** 63n ? null : 'Not a number of type LONG';
    case 'DOUBLE':
      return v !== '' && Number.isFinite(Number(v)) ? null : 'Not a number of type DOUBLE';
    case 'BOOLEAN':
      return /^(true|false)$/i.test(v) ? null : 'Expected value to be either true or false';
    case 'STRING':
    case 'LIST':
      return null;
  }
}

/** The definition of a topic config, or a ConfigError naming the unknown key. */
export function topicConfigDefinition(name: string): ConfigDefinition {
  const d = TOPIC_CONFIGS.get(name);
  if (!d) throw new ConfigError(`Unknown topic config name: ${name}; see DescribeConfigs on any topic for the configs Kafka defines`);
  return d;
}

/** Throws a ConfigError as Kafka words it ("Invalid value V for configuration K: reason") when a value is refused. */
export function checkTopicConfig(name: string, value: string | null): void {
  const d = topicConfigDefinition(name);
  if (value === null) throw new ConfigError(`Null value not supported for topic config ${name}; give a value or delete the config`);
  const problem = typeProblem(d.type, value) ?? d.check(value.trim());
  if (problem) throw new ConfigError(`Invalid value ${value} for configuration ${name}: ${problem}`);
}

export function checkTopicConfigs(configs: Record<string, string>): void {
  for (const [k, v] of Object.entries(configs)) checkTopicConfig(k, v);
}

/**
 * Log settings for a topic from every config in effect for it (its own over
 * the broker's; see describe-topic-configs.ts). A topic whose cleanup.policy
 * lacks `delete` keeps its records regardless of retention.ms/bytes, as Kafka does.
 */
export function settingsFromConfigs(effective: Readonly<Record<string, string>>): TopicLogSettings {
  const deletes = splitList(effective['cleanup.policy'] ?? 'delete').includes('delete');
  return {
    segmentBytes: Number(effective['segment.bytes']),
    segmentMs: Number(effective['segment.ms']),
    retentionMs: deletes ? Number(effective['retention.ms']) : -1,
    // Kafka reads any negative retention.bytes as no limit.
    retentionBytes: deletes ? Math.max(-1, Number(effective['retention.bytes'])) : -1,
  };
}
