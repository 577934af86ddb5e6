import type { BrokerConfigs } from './broker-configs.js';
import { inTopicUnit } from './broker-configs.js';
import { ConfigSource, configTypeId, type ConfigSynonym, type DescribedConfig } from './config-sources.js';
import { TOPIC_CONFIG_DEFS, type ConfigDefinition } from './topic-config-defs.js';

/**
 * A topic config as Kafka 4.4 reports it: the topic's own value if it has one,
 * else the strongest of its broker synonyms (dynamic for this node, dynamic
 * cluster default, static, Kafka's default), else the topic config's default.
 */
export function describeTopicConfig(def: ConfigDefinition, overrides: Readonly<Record<string, string>>, broker: BrokerConfigs): DescribedConfig {
  const synonyms: ConfigSynonym[] = [];
  const own = overrides[def.name];
  if (own !== undefined) synonyms.push({ name: def.name, value: own, source: ConfigSource.DYNAMIC_TOPIC_CONFIG });
  // Kafka 4.4 reports a Kafka-default synonym only for the first broker name of the list
  // (retention.ms shows no log.retention.hours=168 default), while set ones of any name show.
  const primary = def.synonyms[0]?.name;
  synonyms.push(...broker.synonyms(def.synonyms.map((s) => s.name)).filter((s) => s.source !== ConfigSource.DEFAULT_CONFIG || s.name === primary));
  const first = synonyms[0];
  const value = first === undefined || first.value === null ? def.default : first.source === ConfigSource.DYNAMIC_TOPIC_CONFIG ? first.value : inTopicUnit(first.name, first.value);
  return {
    name: def.name,
    value,
    readOnly: false,
    source: first?.source ?? ConfigSource.DEFAULT_CONFIG,
    isSensitive: false,
    synonyms,
    configType: configTypeId(def.type),
  };
}

export function describeTopicConfigs(overrides: Readonly<Record<string, string>>, broker: BrokerConfigs): DescribedConfig[] {
  return TOPIC_CONFIG_DEFS.map((d) => describeTopicConfig(d, overrides, broker));
}

/** Every topic config's value in effect for a topic with these overrides. */
export function effectiveTopicConfigs(overrides: Readonly<Record<string, string>>, broker: BrokerConfigs): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of describeTopicConfigs(overrides, broker)) out[c.name] = c.value ?? '';
  return out;
}
