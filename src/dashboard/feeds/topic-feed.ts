import { randomUUID } from 'node:crypto';
import { Consumer, MessagesStreamModes, stringDeserializers, type Message } from '@platformatic/kafka';
import { connectOptions } from '../../client/bootstrap.js';
import { describe } from '../../client/errors.js';
import type { Logger } from '../../log.js';

export type FeedRecord = Message<string, string, string, string>;

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

const EARLIEST = -2n;

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
  readonly #positions = new Map<number, bigint>();
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
      const consumer = new Consumer({
        ...connectOptions(this.options.bootstrap, 'streamdash-dashboard'),
        retries: 0,
        groupId: this.#groupId,
        deserializers: stringDeserializers,
        maxWaitTime: 500,
        sessionTimeout: 10_000,
        heartbeatInterval: 1_000,
      });
      try {
        const offsets = await this.#startOffsets(consumer);
        if (this.#closed) break;
        const stream = await consumer.consume({ topics: [topic], mode: MessagesStreamModes.MANUAL, offsets, autocommit: false });
        this.state = 'live';
        logger.info({ topic }, 'reading topic');
        await new Promise<void>((resolve, reject) => {
          this.#stop = resolve;
          stream.on('data', (record: FeedRecord) => this.#take(record));
          stream.once('error', reject);
          stream.once('close', resolve);
        }).finally(() => stream.close().catch(() => undefined));
      } catch (error) {
        if (this.#closed) break;
        const missing = error instanceof Error && error.message === `Unknown topic ${topic}.`;
        if (this.state !== (missing ? 'waiting' : 'reconnecting')) {
          if (missing) logger.info({ topic }, 'topic does not exist yet; waiting for it');
          else logger.warn({ topic, err: describe(error) }, this.state === 'live' ? 'lost the broker; reconnecting' : 'cannot reach the broker; retrying');
        }
        this.state = missing ? 'waiting' : 'reconnecting';
      } finally {
        // Forced: with the broker gone, a polite leave-group would only wait for its timeout. A failure to close leaves nothing to do.
        await new Promise<void>((resolve) => consumer.close(true, () => resolve()));
      }
      await this.#pause();
    }
  }

  #take(record: FeedRecord): void {
    this.#positions.set(record.partition, record.offset + 1n);
    this.records++;
    this.lastRecordAt = Date.now();
    try {
      this.options.onRecord(record);
    } catch (error) {
      // One bad record must not stop the feed; the model logs what it could not read.
      this.options.logger.warn({ topic: record.topic, offset: String(record.offset), err: describe(error) }, 'record skipped');
    }
  }

  /** The next unread offset of every partition; partitions read for the first time start where `start` says. */
  async #startOffsets(consumer: Consumer<string, string, string, string>) {
    const topic = this.options.topic;
    const start = this.options.start();
    const latest = (await consumer.listOffsets({ topics: [topic] })).get(topic) ?? [];
    const first =
      (await consumer.listOffsets({ topics: [topic], timestamp: start === 'earliest' ? EARLIEST : BigInt(start) })).get(topic) ?? [];
    return latest.map((end, partition) => {
      const known = this.#positions.get(partition);
      const from = first[partition] ?? -1n;
      // -1: no record at or after the time; read only what comes next.
      return { topic, partition, offset: known ?? (from < 0n ? end : from) };
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
