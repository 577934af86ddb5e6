import type { BrokerConfigs } from './broker-configs.js';
import { ConfigSource, configTypeId, type DescribedConfig } from './config-sources.js';
import { TOPIC_CONFIG_DEFS, type ConfigType } from './topic-config-defs.js';

/** Broker options that are not topic synonyms, reported read-only, as Kafka reports its static-only configs. */
export interface BrokerFacts {
  nodeId: number;
  /** Kafka's listeners and advertised.listeners values: NAME://host:port,… */
  listeners: string;
  advertisedListeners: string;
  dataDir: string;
  defaultPartitions: number;
  autoCreateTopics: boolean;
  maxRequestBytes: number;
  offsetsRetentionMs: number;
  logCleanerBackoffMs: number;
  logCleanerEnable: boolean;
}

/** Kafka 4.4's defaults of the cleaner settings that are broker options here, to report their source honestly. */
const CLEANER_DEFAULTS = { 'log.cleaner.backoff.ms': '15000', 'log.cleaner.enable': 'true' } as const;

function fact(name: string, value: string, type: ConfigType, source: number = ConfigSource.STATIC_BROKER_CONFIG): DescribedConfig {
  const synonyms = [{ name, value, source }];
  return { name, value, readOnly: true, source, isSensitive: false, synonyms, configType: configTypeId(type) };
}

/**
 * A cleaner setting: static when the broker was started with another value than Kafka's default.
 * Read-only here (Kafka can change log.cleaner.backoff.ms at run time; this broker takes it at start).
 */
function cleanerFact(name: keyof typeof CLEANER_DEFAULTS, value: string, type: ConfigType): DescribedConfig {
  return fact(name, value, type, value === CLEANER_DEFAULTS[name] ? ConfigSource.DEFAULT_CONFIG : ConfigSource.STATIC_BROKER_CONFIG);
}

/** Kafka keeps these broker synonyms in whole hours or minutes, as INTs. */
function brokerType(name: string, topicType: ConfigType): ConfigType {
  return name.endsWith('.hours') || name.endsWith('.minutes') ? 'INT' : topicType;
}

/**
 * The broker's configs as DescribeConfigs on the BROKER resource reports them:
 * each broker config behind a topic config, with the synonyms from itself on
 * (Kafka drops the stronger synonyms of other names: log.retention.ms is
 * reported without log.retention.hours, which has the default), then the facts.
 */
export function describeBrokerConfigs(broker: BrokerConfigs, facts: BrokerFacts): DescribedConfig[] {
  const out = new Map<string, DescribedConfig>();
  for (const def of TOPIC_CONFIG_DEFS) {
    const group = def.synonyms.map((s) => s.name);
    for (const name of group) {
      const all = broker.synonyms(group);
      const synonyms = all.slice(Math.max(0, all.findIndex((s) => s.name === name)));
      const own = synonyms[0]?.name === name ? synonyms[0] : undefined;
      out.set(name, {
        name,
        value: own?.value ?? null,
        readOnly: false,
        source: own?.source ?? ConfigSource.DEFAULT_CONFIG,
        isSensitive: false,
        synonyms: own ? synonyms : [],
        configType: configTypeId(brokerType(name, def.type)),
      });
    }
  }
  const facts_: DescribedConfig[] = [
    fact('node.id', String(facts.nodeId), 'INT'),
    fact('broker.id', String(facts.nodeId), 'INT'),
    fact('listeners', facts.listeners, 'STRING'),
    fact('advertised.listeners', facts.advertisedListeners, 'STRING'),
    fact('log.dirs', facts.dataDir, 'STRING'),
    fact('num.partitions', String(facts.defaultPartitions), 'INT'),
    fact('auto.create.topics.enable', String(facts.autoCreateTopics), 'BOOLEAN'),
    fact('socket.request.max.bytes', String(facts.maxRequestBytes), 'INT'),
    fact('offsets.retention.minutes', String(Math.round(facts.offsetsRetentionMs / 60_000)), 'INT'),
    cleanerFact('log.cleaner.backoff.ms', String(facts.logCleanerBackoffMs), 'LONG'),
    cleanerFact('log.cleaner.enable', String(facts.logCleanerEnable), 'BOOLEAN'),
  ];
  for (const f of facts_) out.set(f.name, f);
  return [...out.values()].sort((a, b) => a.name.localeCompare(b.name));
}
