import { Producer as WireProducer, type MessageToProduce } from '@platformatic/kafka';
import { connectOptions } from './bootstrap.js';
import { SendFailedError } from './errors.js';
import type { OutgoingMessage, TopicPartitionOffset } from './messages.js';
import { defaultPartitioner } from './partitioner.js';

/** Kafka's acks: 0 none, 1 the leader, -1 all in-sync replicas. */
export type Acks = 0 | 1 | -1;
export type Compression = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';
export const COMPRESSIONS: readonly Compression[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];

export interface ProducerOptions {
  clientId?: string;
  /** Default 1 (the leader's ack); an idempotent producer always waits for all. */
  acks?: Acks;
  /** Kafka's enable.idempotence: the broker drops a batch it already has, so a retry never duplicates. */
  idempotent?: boolean;
  compression?: Compression;
  /** Kafka's request.timeout.ms. */
  timeoutMs?: number;
  retries?: number;
  retryDelayMs?: number;
}

type Bytes = string | Buffer;
type WireMessage = MessageToProduce<Bytes, Bytes, string, Bytes>;

/**
 * Sends records to Kafka. Missing topics are created, as Kafka's
 * auto.create.topics.enable would; keyed records land where a Java client would put
 * them, keyless ones spread round-robin (partitioner.ts).
 */
export class Producer {
  readonly #wire: WireProducer<Bytes, Bytes, string, Bytes>;

  constructor(bootstrap: string, options: ProducerOptions = {}) {
    const pick = defaultPartitioner();
    const bytes = shortValueCache();
    this.#wire = new WireProducer({
      ...connectOptions(bootstrap, options.clientId ?? 'streamdash-producer'),
      ...(options.timeoutMs !== undefined && { timeout: options.timeoutMs }),
      ...(options.retries !== undefined && { retries: options.retries }),
      ...(options.retryDelayMs !== undefined && { retryDelay: options.retryDelayMs }),
      ...(options.compression !== undefined && { compression: options.compression }),
      ...(options.idempotent ? { idempotent: true } : { acks: options.acks ?? 1 }),
      autocreateTopics: true,
      serializers: { key: bytes, value: bytes, headerKey: (k?: string) => (k === undefined ? undefined : Buffer.from(k)), headerValue: bytes },
      partitioner: (_message, key) => pick(key),
    });
  }

  /** Sends one request's worth of records; rejects with a SendFailedError. */
  send({ messages }: { readonly messages: readonly OutgoingMessage[] }): Promise<void> {
    return new Promise((resolve, reject) => this.sendThen(messages, (error) => (error ? reject(error) : resolve())));
  }

  /** As send(), with a callback instead of a promise: the batching sender sends thousands of requests. */
  sendThen(messages: readonly OutgoingMessage[], done: (error: SendFailedError | undefined) => void): void {
    if (messages.length === 0) return done(undefined);
    this.#wire.send({ messages: messages.map(toWire) }, (error) => done(error ? new SendFailedError(messages[0]!.topic, messages.length, error) : undefined));
  }

  /** Sends one record and tells where it landed: its partition and offset. */
  sendOne(message: OutgoingMessage): Promise<TopicPartitionOffset> {
    return new Promise((resolve, reject) =>
      this.#wire.send({ messages: [toWire(message)] }, (error, result) => {
        const landed = result?.offsets?.[0];
        if (error || landed === undefined) return reject(new SendFailedError(message.topic, 1, error ?? new Error('the broker named no offset')));
        resolve({ topic: landed.topic, partition: landed.partition, offset: Number(landed.offset) });
      }),
    );
  }

  /** `force` drops what is unsent instead of waiting for it (e.g. with the broker gone). */
  close(force = false): Promise<void> {
    return new Promise((resolve, reject) => this.#wire.close(force, (error) => (error ? reject(error) : resolve())));
  }
}

/** The producer the text-sending callers hold (kept name: it sends Buffers as well). */
export type TextProducer = Producer;

/** A producer of text messages with the defaults the CLI, generators and apps share. */
export function createProducer(bootstrap: string, clientId = 'streamdash-producer'): Producer {
  return new Producer(bootstrap, { clientId });
}

function toWire(m: OutgoingMessage): WireMessage {
  return {
    topic: m.topic,
    partition: m.partition,
    key: m.key ?? undefined,
    value: m.value ?? undefined,
    // The client only reads the headers; it takes a Map or a plain object, as OutgoingMessage allows.
    headers: m.headers as WireMessage['headers'],
    timestamp: m.timestamp === undefined ? undefined : BigInt(m.timestamp),
  };
}

/**
 * Encodes text as UTF-8, reusing the buffer of short values already seen; a Buffer
 * goes as it is. The seeds' messages are mostly a handful of tiny values ("0", "1",
 * "2"), and a fresh Buffer for each cost a quarter of the producer's throughput.
 */
function shortValueCache(maxLength = 8, maxEntries = 4096): (value?: Bytes) => Buffer | undefined {
  const cache = new Map<string, Buffer>();
  return (value) => {
    if (value === undefined || Buffer.isBuffer(value)) return value;
    if (value.length > maxLength) return Buffer.from(value);
    let buffer = cache.get(value);
    if (!buffer) {
      buffer = Buffer.from(value);
      if (cache.size < maxEntries) cache.set(value, buffer);
    }
    return buffer;
  };
}
