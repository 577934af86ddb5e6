import type { ConfigType } from './topic-config-defs.js';

/** Where a config's value comes from, as DescribeConfigs v1+ numbers it (Kafka's ConfigSource). */
export const ConfigSource = {
  DYNAMIC_TOPIC_CONFIG: 1,
  DYNAMIC_BROKER_CONFIG: 2,
  DYNAMIC_DEFAULT_BROKER_CONFIG: 3,
  STATIC_BROKER_CONFIG: 4,
  DEFAULT_CONFIG: 5,
} as const;

/** DescribeConfigs v3+ config types (Kafka's ConfigType; UNKNOWN is 0). */
const TYPE_IDS: Readonly<Record<ConfigType, number>> = { BOOLEAN: 1, STRING: 2, INT: 3, LONG: 5, DOUBLE: 6, LIST: 7 };

export function configTypeId(type: ConfigType): number {
  return TYPE_IDS[type];
}

/** One value a config could take, and from where; the first of a config's synonyms wins. */
export interface ConfigSynonym {
  name: string;
  value: string | null;
  source: number;
}

/** A config as DescribeConfigs reports it, before it is put on the wire. */
export interface DescribedConfig {
  name: string;
  value: string | null;
  readOnly: boolean;
  source: number;
  isSensitive: boolean;
  synonyms: ConfigSynonym[];
  configType: number;
}

/** The config resources DescribeConfigs and AlterConfigs name (Kafka's ConfigResource.Type). */
export const ResourceType = {
  TOPIC: 2,
  BROKER: 4,
  BROKER_LOGGER: 8,
} as const;
