import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../log.js';
import { ErrorCode } from '../protocol/error-codes.js';
import type { TopicLogSettings } from './config.js';
import type { BrokerConfigs } from './configs/broker-configs.js';
import { effectiveTopicConfigs } from './configs/describe-topic-configs.js';
import { checkTopicConfigs, ConfigError, settingsFromConfigs } from './configs/topic-configs.js';
import { isSystemError } from './log/errors.js';
import type { LogConfig } from './log/log-config.js';
import { PartitionLog } from './log/partition-log.js';
import { partitionDirName, topicNameProblem } from './topic-names.js';

export interface Topic {
  name: string;
  /** 16 bytes, as the protocol carries it. */
  id: Buffer;
  partitions: PartitionLog[];
  settings: TopicLogSettings;
  /** Largest record batch accepted (max.message.bytes in effect for the topic). */
  maxMessageBytes: number;
  /** The topic's own configs (its overrides of the broker's), as persisted. */
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
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Throws what CreateTopics and AlterConfigs answer for a refused config. */
function checkConfigs(configs: Record<string, string>): void {
  try {
    checkTopicConfigs(configs);
  } catch (err) {
    if (err instanceof ConfigError) throw new TopicError(err.message, err.code);
    throw err;
  }
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
    /** The broker's configs, which topics without their own take. */
    readonly brokerConfigs: BrokerConfigs,
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

  private openPartition(name: string, p: number, settings: TopicLogSettings): PartitionLog {
    const dir = join(this.dataDir, partitionDirName(name, p));
    return PartitionLog.open(dir, this.logConfig(settings), { logger: this.logger.child({ topic: name, partition: p }) });
  }

  /** The log settings and batch limit in effect for a topic with these configs of its own. */
  private inEffect(configs: Record<string, string>): { settings: TopicLogSettings; maxMessageBytes: number } {
    const effective = effectiveTopicConfigs(configs, this.brokerConfigs);
    return { settings: settingsFromConfigs(effective), maxMessageBytes: Number(effective['max.message.bytes']) };
  }

  private openTopic(t: StoredTopic): Topic {
    const { settings, maxMessageBytes } = this.inEffect(t.configs);
    const partitions: PartitionLog[] = [];
    for (let p = 0; p < t.partitions; p++) partitions.push(this.openPartition(t.name, p, settings));
    const topic: Topic = {
      name: t.name,
      id: Buffer.from(t.id, 'hex'),
      partitions,
      settings,
      maxMessageBytes,
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
    checkConfigs(configs);
  }

  /**
   * Replaces a topic's configs (AlterConfigs and IncrementalAlterConfigs
   * compute the whole new set), persists them and applies them to every
   * partition at once.
   */
  setConfigs(name: string, configs: Record<string, string>, validateOnly = false): void {
    const topic = this.requireTopic(name);
    checkConfigs(configs);
    if (validateOnly) return;
    topic.configs = { ...configs };
    this.applyConfigs(topic);
    this.persist();
    this.logger.info({ topic: name, configs }, 'topic configs changed');
    this.changed('configs', topic);
  }

  /** Applies changed broker configs to every topic at once (after an AlterConfigs on the broker). */
  reapplyBrokerConfigs(): void {
    for (const topic of this.topics.values()) this.applyConfigs(topic);
  }

  private applyConfigs(topic: Topic): void {
    Object.assign(topic, this.inEffect(topic.configs));
    for (const log of topic.partitions) log.reconfigure(topic.settings);
  }

  /** CreatePartitions: grows a topic to `count` partitions; Kafka never shrinks one. */
  addPartitions(name: string, count: number, validateOnly = false): void {
    const topic = this.requireTopic(name);
    const have = topic.partitions.length;
    if (!Number.isInteger(count) || count <= have) {
      throw new TopicError(
        `Topic ${name} has ${have} partitions; the new count ${count} must be larger (partitions can be added, never removed)`,
        ErrorCode.INVALID_PARTITIONS,
      );
    }
    if (validateOnly) return;
    for (let p = have; p < count; p++) topic.partitions.push(this.openPartition(topic.name, p, topic.settings));
    this.persist();
    this.logger.info({ topic: name, from: have, to: count }, 'partitions added');
    this.changed('partitions', topic);
  }

  private requireTopic(name: string): Topic {
    const topic = this.topics.get(name);
    if (!topic) throw new TopicError(`topic "${name}" does not exist`, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    return topic;
  }

  create(name: string, partitions: number, configs: Record<string, string> = {}, internal = false): Topic {
    this.validate(name, partitions, configs);
    const topic = this.openTopic({ name, id: newTopicId(), partitions, configs, internal });
    try {
      this.persist();
    } catch (err) {
      // Unlisted folders are adopted at start-up, so a topic topics.json could not take must leave none.
      this.topics.delete(name);
      for (const log of topic.partitions) log.delete();
      if (!isSystemError(err)) throw err;
      throw new TopicError(`could not record topic "${name}" in topics.json (${err.code}); free space on the data folder's filesystem and create it again`, ErrorCode.KAFKA_STORAGE_ERROR, { cause: err });
    }
    this.logger.info({ topic: name, partitions }, 'topic created');
    this.changed('created', topic);
    return topic;
  }

  delete(name: string): Topic {
    const topic = this.requireTopic(name);
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
