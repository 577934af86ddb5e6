import { Consumer, MessagesStreamModes, stringDeserializers, type Message as WireMessage } from '@platformatic/kafka';
import { connectOptions } from './bootstrap.js';
import { unknownTopicOr } from './errors.js';
import type { Message, OffsetQuery, TopicPartitionOffset } from './messages.js';

export interface TopicReaderOptions {
  readonly bootstrap: string;
  readonly clientId: string;
  /** The group the reader's consumer is known by; it commits nothing. */
  readonly groupId: string;
  /** Connection retries before a call fails; 0 reports a broker that went away at once. */
  readonly retries?: number;
  /** Longest wait of one fetch. Default 500. */
  readonly maxWaitMs?: number;
}

/**
 * Reads a topic from positions the caller keeps, committing nothing, so every reader sees
 * every record (a dashboard, a console consumer without a group). One reader is one
 * connection's life: after an error, close it and open another.
 */
export class TopicReader {
  readonly #consumer: Consumer<string, string, string, string>;
  #stop: (() => void) | undefined;

  constructor(options: TopicReaderOptions) {
    this.#consumer = new Consumer({
      ...connectOptions(options.bootstrap, options.clientId),
      ...(options.retries !== undefined && { retries: options.retries }),
      groupId: options.groupId,
      deserializers: stringDeserializers,
      maxWaitTime: options.maxWaitMs ?? 500,
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
    });
  }

  /** Per partition (index = partition), the offset `start` names; -1 where no record is at or after the time. Rejects with UnknownTopicError. */
  async offsets(topic: string, start: OffsetQuery): Promise<number[]> {
    const timestamp = start === 'latest' ? -1n : start === 'earliest' ? -2n : BigInt(start.atTime);
    const listed = await this.#consumer.listOffsets({ topics: [topic], timestamp }).catch((error: unknown) => {
      throw unknownTopicOr(error, topic);
    });
    return (listed.get(topic) ?? []).map(Number);
  }

  /** Hands every message from `positions` on to `onMessage` until stop() or close(); rejects with what stopped it. */
  async read(positions: readonly TopicPartitionOffset[], onMessage: (message: Message) => void): Promise<void> {
    const topics = [...new Set(positions.map((p) => p.topic))];
    const offsets = positions.map((p) => ({ topic: p.topic, partition: p.partition, offset: BigInt(p.offset) }));
    const stream = await this.#consumer.consume({ topics, mode: MessagesStreamModes.MANUAL, offsets, autocommit: false }).catch((error: unknown) => {
      throw unknownTopicOr(error, topics[0] ?? '');
    });
    await new Promise<void>((resolve, reject) => {
      this.#stop = resolve;
      stream.on('data', (m: WireMessage<string, string, string, string>) => onMessage(fromWire(m)));
      stream.once('error', reject);
      stream.once('close', resolve);
    }).finally(() => stream.close().catch(() => undefined));
  }

  stop(): void {
    this.#stop?.();
  }

  /** Forced: with the broker gone, a polite leave-group would only wait for its timeout. Never rejects. */
  close(): Promise<void> {
    this.stop();
    return new Promise<void>((resolve) => this.#consumer.close(true, () => resolve()));
  }
}

/** The client's message as the door's plain Message. */
export function fromWire(m: WireMessage<string, string, string, string>): Message {
  return {
    topic: m.topic,
    partition: m.partition,
    offset: Number(m.offset),
    key: m.key ?? null,
    value: m.value ?? null,
    headers: m.headers,
    timestamp: Number(m.timestamp),
  };
}
