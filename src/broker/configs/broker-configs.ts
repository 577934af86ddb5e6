import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { silentLogger, type Logger } from '../../log.js';
import type { TopicLogSettings } from '../config.js';
import { ConfigSource, type ConfigSynonym } from './config-sources.js';
import { TOPIC_CONFIG_DEFS, type ConfigDefinition } from './topic-config-defs.js';
import { checkTopicConfig, ConfigError } from './topic-configs.js';

/**
 * The broker's configs as Kafka layers them: Kafka's defaults, the static ones
 * this broker was started with (its options), and the dynamic ones an
 * AlterConfigs on the BROKER resource sets, for this node (resource name = node
 * id) or as the cluster default (empty name). Dynamic ones persist in
 * `broker-configs.json`. Topics without a config of their own take the broker's.
 */
interface StoredBrokerConfigs {
  node: Record<string, string>;
  cluster: Record<string, string>;
}

/** Units of broker synonyms kept in hours or minutes where the topic config is in ms. */
function msPerUnit(brokerName: string): number {
  if (brokerName.endsWith('.hours')) return 3_600_000;
  if (brokerName.endsWith('.minutes')) return 60_000;
  return 1;
}

/** A broker synonym's value in its topic config's unit. */
export function inTopicUnit(brokerName: string, value: string): string {
  const per = msPerUnit(brokerName);
  return per === 1 ? value : String(BigInt(value.trim()) * BigInt(per));
}

/** Broker configs that stand behind a topic config: the ones AlterConfigs may change at run time. */
const DYNAMIC: ReadonlyMap<string, ConfigDefinition> = new Map(TOPIC_CONFIG_DEFS.flatMap((d) => d.synonyms.map((s) => [s.name, d] as const)));

const KAFKA_DEFAULTS: ReadonlyMap<string, string> = new Map(
  TOPIC_CONFIG_DEFS.flatMap((d) => d.synonyms.filter((s) => s.default !== null).map((s) => [s.name, s.default!] as const)),
);

export type BrokerScope = 'node' | 'cluster';

/** The broker options that are static broker configs in Kafka's terms. */
export interface BrokerConfigOptions {
  log?: Partial<TopicLogSettings>;
  maxMessageBytes?: number;
  flushMessages?: number | undefined;
  flushMs?: number | undefined;
  /** Broker configs behind topic configs by their Kafka names (BrokerOptions.staticConfigs). */
  staticConfigs?: Readonly<Record<string, string>>;
}

export class BrokerConfigs {
  private readonly file: string;
  private dynamic: StoredBrokerConfigs;
  /** Static configs: what this broker's options set away from Kafka's defaults. */
  readonly statics: Readonly<Record<string, string>>;

  constructor(
    dataDir: string,
    options: BrokerConfigOptions = {},
    private readonly logger: Logger = silentLogger,
  ) {
    this.file = join(dataDir, 'broker-configs.json');
    this.dynamic = existsSync(this.file) ? (JSON.parse(readFileSync(this.file, 'utf8')) as StoredBrokerConfigs) : { node: {}, cluster: {} };
    const given: Record<string, number | undefined> = {
      'log.segment.bytes': options.log?.segmentBytes,
      'log.roll.ms': options.log?.segmentMs,
      'log.retention.ms': options.log?.retentionMs,
      'log.retention.bytes': options.log?.retentionBytes,
      'message.max.bytes': options.maxMessageBytes,
      'log.flush.interval.messages': options.flushMessages,
      'log.flush.interval.ms': options.flushMs,
    };
    const statics: Record<string, string> = {};
    for (const [name, value] of Object.entries(given)) {
      if (value !== undefined && !this.sameAsKafkaDefault(name, value)) statics[name] = String(value);
    }
    // Given by name (a server.properties line), so reported as static even at Kafka's default, as Kafka does.
    for (const [name, value] of Object.entries(options.staticConfigs ?? {})) {
      BrokerConfigs.checkStatic(name, value);
      statics[name] = value;
    }
    this.statics = statics;
  }

  /** Checks one static broker config; throws a ConfigError naming the key and the reason. */
  static checkStatic(name: string, value: string): void {
    if (!DYNAMIC.has(name)) throw new ConfigError(`${name} is not a broker config behind a topic config; give the broker's other settings as its own options`);
    BrokerConfigs.check({ [name]: value });
  }

  /** An option equal to Kafka's default (given directly, or through its hours synonym) is reported as the default. */
  private sameAsKafkaDefault(name: string, value: number): boolean {
    const topic = DYNAMIC.get(name);
    if (!topic) return false;
    return String(value) === topic.default;
  }

  /**
   * Every value a broker config has, from the strongest source to the weakest,
   * for the given names in order (Kafka's synonym lists: all dynamic ones first).
   */
  synonyms(names: readonly string[]): ConfigSynonym[] {
    const layers: [Readonly<Record<string, string>> | ReadonlyMap<string, string>, number][] = [
      [this.dynamic.node, ConfigSource.DYNAMIC_BROKER_CONFIG],
      [this.dynamic.cluster, ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG],
      [this.statics, ConfigSource.STATIC_BROKER_CONFIG],
      [KAFKA_DEFAULTS, ConfigSource.DEFAULT_CONFIG],
    ];
    const out: ConfigSynonym[] = [];
    for (const [layer, source] of layers) {
      for (const name of names) {
        const value = layer instanceof Map ? layer.get(name) : (layer as Readonly<Record<string, string>>)[name];
        if (value !== undefined) out.push({ name, value, source });
      }
    }
    return out;
  }

  dynamicConfigs(scope: BrokerScope): Readonly<Record<string, string>> {
    return this.dynamic[scope];
  }

  /** Whether AlterConfigs may set `name` on the BROKER resource. */
  static isDynamic(name: string): boolean {
    return DYNAMIC.has(name);
  }

  /** Checks a whole new set of dynamic configs for one scope; throws a ConfigError naming the key and the reason. */
  static check(configs: Record<string, string>): void {
    for (const [name, value] of Object.entries(configs)) {
      const topic = DYNAMIC.get(name);
      if (!topic) {
        throw new ConfigError(
          `Cannot update broker config ${name} dynamically: the embedded broker changes only the broker configs behind topic configs (log.retention.ms, log.segment.bytes, message.max.bytes, ...); set others as broker options`,
          // Kafka refuses a non-dynamic broker config as an invalid request, not an invalid config.
          42,
        );
      }
      let converted: string;
      try {
        converted = inTopicUnit(name, value);
      } catch {
        throw new ConfigError(`Invalid value ${value} for configuration ${name}: Not a number of type LONG`);
      }
      try {
        checkTopicConfig(topic.name, converted);
      } catch (err) {
        if (err instanceof ConfigError) throw new ConfigError(`Invalid value ${value} for configuration ${name}: ${err.message.replace(/^.*?: /, '')}`);
        throw err;
      }
    }
  }

  /** Replaces one scope's dynamic configs (already checked) and persists them. */
  set(scope: BrokerScope, configs: Record<string, string>): void {
    BrokerConfigs.check(configs);
    this.dynamic = { ...this.dynamic, [scope]: { ...configs } };
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.dynamic, null, 2));
    renameSync(tmp, this.file);
    this.logger.info({ scope, configs }, 'dynamic broker configs changed');
  }
}
