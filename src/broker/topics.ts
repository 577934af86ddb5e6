import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../log.js';
import { ErrorCode } from '../protocol/error-codes.js';
import type { TopicLogSettings } from './config.js';
import type { LogConfig } from './log/log-config.js';
import { PartitionLog } from './log/partition-log.js';
import { partitionDirName, topicNameProblem } from './topic-names.js';

export interface Topic {
  name: string;
  /** 16 bytes, as the protocol carries it. */
  id: Buffer;
  partitions: PartitionLog[];
  settings: TopicLogSettings;
  /** Topic configs as the client gave them, returned by CreateTopics v5+. */
  configs: Record<string, string>;
  internal: boolean;
}

interface StoredTopic {
  name: string;
  id: string;
  partitions: number;
  configs: Record<string, string>;
  internal?: boolean;
}

const DELETE_SUFFIX = '-delete';

function newTopicId(): string {
  return randomUUID().replaceAll('-', '');
}

/** What changed in the registry, for those kept in step with it (the ZooKeeper facade's znodes). */
export interface TopicChange {
  kind: 'created' | 'deleted' | 'partitions' | 'configs';
  topic: Topic;
}

export class TopicError extends Error {
  override readonly name = 'TopicError';
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}

/** Topic configs we honour, mapped onto log settings. */
const CONFIG_KEYS: Record<string, keyof TopicLogSettings> = {
  'segment.bytes': 'segmentBytes',
  'segment.ms': 'segmentMs',
  'retention.ms': 'retentionMs',
  'retention.bytes': 'retentionBytes',
};

/** Configs accepted and reported but with no effect on a single node. */
const ACCEPTED_CONFIGS = new Set(['cleanup.policy', 'min.insync.replicas', 'max.message.bytes', 'compression.type', 'message.timestamp.type']);

export function settingsFromConfigs(base: TopicLogSettings, configs: Record<string, string>): TopicLogSettings {
  const s = { ...base };
  for (const [k, v] of Object.entries(configs)) {
    const field = CONFIG_KEYS[k];
    if (field) {
      const n = Number(v);
      if (!Number.isInteger(n)) throw new TopicError(`config ${k}=${v} is not a whole number`, ErrorCode.INVALID_CONFIG);
      s[field] = n;
    } else if (!ACCEPTED_CONFIGS.has(k)) {
      throw new TopicError(`config ${k} is not supported by the embedded broker`, ErrorCode.INVALID_CONFIG);
    }
  }
  return s;
}

/**
 * The broker's topics and their partition logs. The topic list lives in
 * `topics.json` (written atomically); each partition's data in `<topic>-<n>/`.
 */
export class TopicRegistry {
  private readonly topics = new Map<string, Topic>();
  private readonly file: string;
  private readonly changeListeners: ((change: TopicChange) => void)[] = [];

  constructor(
    private readonly dataDir: string,
    private readonly defaults: TopicLogSettings,
    private readonly flush: Pick<LogConfig, 'flushMessages' | 'flushMs'>,
    private readonly logger: Logger,
  ) {
    mkdirSync(dataDir, { recursive: true });
    this.file = join(dataDir, 'topics.json');
    this.removeDeletedDirs();
    for (const t of this.readStored()) this.openTopic(t);
    this.adoptUnlistedDirs();
  }

  /** Finishes deletes that a crash interrupted: their folders were renamed first. */
  private removeDeletedDirs(): void {
    for (const d of readdirSync(this.dataDir)) {
      if (d.endsWith(DELETE_SUFFIX)) rmSync(join(this.dataDir, d), { recursive: true, force: true });
    }
  }

  /**
   * Partition folders are the data; topics.json only adds ids and configs.
   * Folders it does not list (a lost or older topics.json) become topics again
   * rather than being ignored or removed.
   */
  private adoptUnlistedDirs(): void {
    const found = new Map<string, number>();
    for (const d of readdirSync(this.dataDir)) {
      const m = /^(.+)-(\d+)$/.exec(d);
      if (!m || topicNameProblem(m[1]!) || this.topics.has(m[1]!)) continue;
      found.set(m[1]!, Math.max(found.get(m[1]!) ?? 0, Number(m[2]) + 1));
    }
    for (const [name, partitions] of found) {
      this.logger.warn({ topic: name, partitions }, 'topic found on disk but not in topics.json; adopting it');
      this.openTopic({ name, id: newTopicId(), partitions, configs: {} });
    }
    if (found.size > 0) this.persist();
  }

  private readStored(): StoredTopic[] {
    if (!existsSync(this.file)) return [];
    return JSON.parse(readFileSync(this.file, 'utf8')) as StoredTopic[];
  }

  private persist(): void {
    const stored: StoredTopic[] = [...this.topics.values()].map((t) => ({
      name: t.name,
      id: t.id.toString('hex'),
      partitions: t.partitions.length,
      configs: t.configs,
      internal: t.internal,
    }));
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(stored, null, 2));
    renameSync(tmp, this.file);
  }

  private logConfig(settings: TopicLogSettings): LogConfig {
    return { ...settings, indexIntervalBytes: 4096, ...this.flush };
  }

  private openTopic(t: StoredTopic): Topic {
    const settings = settingsFromConfigs(this.defaults, t.configs);
    const partitions: PartitionLog[] = [];
    for (let p = 0; p < t.partitions; p++) {
      const dir = join(this.dataDir, partitionDirName(t.name, p));
      partitions.push(PartitionLog.open(dir, this.logConfig(settings), { logger: this.logger.child({ topic: t.name, partition: p }) }));
    }
    const topic: Topic = {
      name: t.name,
      id: Buffer.from(t.id, 'hex'),
      partitions,
      settings,
      configs: t.configs,
      internal: t.internal ?? false,
    };
    this.topics.set(t.name, topic);
    return topic;
  }

  /** Calls `fn` after each topic is created, deleted, grown or reconfigured. */
  onChange(fn: (change: TopicChange) => void): void {
    this.changeListeners.push(fn);
  }

  private changed(kind: TopicChange['kind'], topic: Topic): void {
    for (const fn of this.changeListeners) fn({ kind, topic });
  }

  get(name: string): Topic | undefined {
    return this.topics.get(name);
  }

  getById(id: Buffer): Topic | undefined {
    for (const t of this.topics.values()) if (t.id.equals(id)) return t;
    return undefined;
  }

  all(): Topic[] {
    return [...this.topics.values()];
  }

  partition(topic: string, partition: number): PartitionLog | undefined {
    return this.topics.get(topic)?.partitions[partition];
  }

  /** Checks what `create` would do without doing it. */
  validate(name: string, partitions: number, configs: Record<string, string>): void {
    const problem = topicNameProblem(name);
    if (problem) throw new TopicError(problem, ErrorCode.INVALID_TOPIC_EXCEPTION);
    if (this.topics.has(name)) throw new TopicError(`topic "${name}" already exists`, ErrorCode.TOPIC_ALREADY_EXISTS);
    if (!Number.isInteger(partitions) || partitions < 1) {
      throw new TopicError(`number of partitions must be at least 1, got ${partitions}`, ErrorCode.INVALID_PARTITIONS);
    }
    settingsFromConfigs(this.defaults, configs);
  }

  create(name: string, partitions: number, configs: Record<string, string> = {}, internal = false): Topic {
    this.validate(name, partitions, configs);
    const topic = this.openTopic({ name, id: newTopicId(), partitions, configs, internal });
    this.persist();
    this.logger.info({ topic: name, partitions }, 'topic created');
    this.changed('created', topic);
    return topic;
  }

  delete(name: string): Topic {
    const topic = this.topics.get(name);
    if (!topic) throw new TopicError(`topic "${name}" does not exist`, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    this.topics.delete(name);
    const doomed: string[] = [];
    for (const [p, log] of topic.partitions.entries()) {
      log.close();
      const from = join(this.dataDir, partitionDirName(name, p));
      const to = `${from}.${newTopicId()}${DELETE_SUFFIX}`;
      renameSync(from, to);
      doomed.push(to);
    }
    this.persist();
    for (const d of doomed) rmSync(d, { recursive: true, force: true });
    this.logger.info({ topic: name }, 'topic deleted');
    this.changed('deleted', topic);
    return topic;
  }

  private existing(name: string): Topic {
    const topic = this.topics.get(name);
    if (!topic) throw new TopicError(`topic "${name}" does not exist`, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    return topic;
  }

  /** Grows a topic to `total` partitions; partitions are never removed, as in Kafka. */
  addPartitions(name: string, total: number): Topic {
    const topic = this.existing(name);
    if (!Number.isInteger(total) || total <= topic.partitions.length) {
      throw new TopicError(`topic "${name}" has ${topic.partitions.length} partitions; the new count must be larger, got ${total}`, ErrorCode.INVALID_PARTITIONS);
    }
    for (let p = topic.partitions.length; p < total; p++) {
      const dir = join(this.dataDir, partitionDirName(name, p));
      topic.partitions.push(PartitionLog.open(dir, this.logConfig(topic.settings), { logger: this.logger.child({ topic: name, partition: p }) }));
    }
    this.persist();
    this.logger.info({ topic: name, partitions: total }, 'partitions added');
    this.changed('partitions', topic);
    return topic;
  }

  /** Replaces a topic's configs (all of them, as Kafka's ZooKeeper-era config change does). */
  setConfigs(name: string, configs: Record<string, string>): Topic {
    const topic = this.existing(name);
    const settings = settingsFromConfigs(this.defaults, configs);
    for (const log of topic.partitions) log.reconfigure(settings);
    topic.settings = settings;
    topic.configs = { ...configs };
    this.persist();
    this.logger.info({ topic: name, configs }, 'topic configs changed');
    this.changed('configs', topic);
    return topic;
  }

  housekeeping(now: number): void {
    for (const t of this.topics.values()) {
      for (const log of t.partitions) {
        log.applyRetention(now);
        log.maybeFlush(now);
      }
    }
  }

  close(): void {
    for (const t of this.topics.values()) for (const log of t.partitions) log.close();
  }
}
