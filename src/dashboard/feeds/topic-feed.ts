import { randomUUID } from 'node:crypto';
import { describe, TopicReader, UnknownTopicError, type Message, type TopicPartitionOffset } from '../../client/index.js';
import type { Logger } from '../../log.js';

/** A result record: results always carry a value, so one without (a tombstone) is skipped. */
export type FeedRecord = Message & { readonly value: string };

/** `live`: reading; `waiting`: the topic does not exist yet; `reconnecting`: the broker could not be reached. */
export type FeedState = 'connecting' | 'live' | 'waiting' | 'reconnecting' | 'closed';

export interface TopicFeedOptions {
  bootstrap: string;
  topic: string;
  /** Where the first read starts: the first record at or after this time (epoch ms), or the oldest one. */
  start: () => number | 'earliest';
  onRecord: (record: FeedRecord) => void;
  logger: Logger;
  /** Pause between attempts while the broker is away or the topic missing. */
  retryMs?: number;
}

/**
 * Reads one topic for as long as the dashboard runs, on its own: no committed offsets,
 * so every dashboard instance sees every record. When the broker goes away it retries
 * until the broker is back and goes on from the next unread offset of each partition.
 */
export class TopicFeed {
  state: FeedState = 'connecting';
  records = 0;
  /** Epoch ms of the last record read, 0 before the first. */
  lastRecordAt = 0;
  readonly #positions = new Map<number, number>();
  // One group per feed for its whole life: a new one per attempt would leave a trail of empty groups on the broker.
  readonly #groupId = `streamdash-dashboard-${randomUUID()}`;
  #closed = false;
  #stop: (() => void) | undefined;
  #wake: (() => void) | undefined;
  readonly #done: Promise<void>;

  constructor(private readonly options: TopicFeedOptions) {
    this.#done = this.#run();
  }

  get topic(): string {
    return this.options.topic;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#stop?.();
    this.#wake?.();
    await this.#done;
    this.state = 'closed';
  }

  async #run(): Promise<void> {
    const { logger, topic } = this.options;
    while (!this.#closed) {
      const reader = new TopicReader({ bootstrap: this.options.bootstrap, clientId: 'streamdash-dashboard', groupId: this.#groupId, retries: 0 });
      this.#stop = () => reader.stop();
      try {
        const positions = await this.#startPositions(reader);
        if (this.#closed) break;
        this.state = 'live';
        logger.info({ topic }, 'reading topic');
        await reader.read(positions, (record) => this.#take(record));
      } catch (error) {
        if (this.#closed) break;
        const missing = error instanceof UnknownTopicError;
        if (this.state !== (missing ? 'waiting' : 'reconnecting')) {
          if (missing) logger.info({ topic }, 'topic does not exist yet; waiting for it');
          else logger.warn({ topic, err: describe(error) }, this.state === 'live' ? 'lost the broker; reconnecting' : 'cannot reach the broker; retrying');
        }
        this.state = missing ? 'waiting' : 'reconnecting';
      } finally {
        await reader.close();
      }
      await this.#pause();
    }
  }

  #take(record: Message): void {
    this.#positions.set(record.partition, record.offset + 1);
    this.records++;
    this.lastRecordAt = Date.now();
    if (!hasValue(record)) return;
    try {
      this.options.onRecord(record);
    } catch (error) {
      // One bad record must not stop the feed; the model logs what it could not read.
      this.options.logger.warn({ topic: record.topic, offset: String(record.offset), err: describe(error) }, 'record skipped');
    }
  }

  /** The next unread offset of every partition; partitions read for the first time start where `start` says. */
  async #startPositions(reader: TopicReader): Promise<TopicPartitionOffset[]> {
    const topic = this.options.topic;
    const start = this.options.start();
    const latest = await reader.offsets(topic, 'latest');
    const first = await reader.offsets(topic, start === 'earliest' ? 'earliest' : { atTime: start });
    return latest.map((end, partition) => {
      const known = this.#positions.get(partition);
      const from = first[partition] ?? -1;
      // -1: no record at or after the time; read only what comes next.
      return { topic, partition, offset: known ?? (from < 0 ? end : from) };
    });
  }

  #pause(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, this.options.retryMs ?? 1000);
      this.#wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

const hasValue = (record: Message): record is FeedRecord => record.value !== null;
