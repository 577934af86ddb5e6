import { murmur2, Producer, ProduceAcks, stringSerializers, type MessageToProduce } from '@platformatic/kafka';
import { connectOptions } from './bootstrap.js';
import { SendFailedError } from './errors.js';

export type TextMessage = MessageToProduce<string, string, string, string>;
export type TextProducer = Producer<string, string, string, string>;

/**
 * A producer for text messages with the defaults streamdash wants: wait for the
 * leader's ack, create missing topics as Kafka's auto.create.topics.enable
 * would, spread keyless messages round-robin and place keyed ones as Java
 * clients do, so a key lands on the same partition whichever client sent it.
 */
export function createProducer(bootstrap: string, clientId = 'streamdash-producer'): TextProducer {
  let next = 0;
  return new Producer({
    ...connectOptions(bootstrap, clientId),
    serializers: { ...stringSerializers, value: shortValueCache() },
    acks: ProduceAcks.LEADER,
    autocreateTopics: true,
    partitioner: (_message, key) => (key ? murmur2(key) & 0x7fffffff : next++ & 0x7fffffff),
  });
}

/**
 * Encodes values, reusing the buffer of short ones already seen. The seeds'
 * messages are mostly a handful of tiny values ("0", "1", "2"), and a fresh
 * Buffer for each cost a quarter of the producer's throughput.
 */
function shortValueCache(maxLength = 8, maxEntries = 4096): (value?: string) => Buffer | undefined {
  const cache = new Map<string, Buffer>();
  return (value) => {
    if (value === undefined) return undefined;
    if (value.length > maxLength) return Buffer.from(value);
    let buffer = cache.get(value);
    if (!buffer) {
      buffer = Buffer.from(value);
      if (cache.size < maxEntries) cache.set(value, buffer);
    }
    return buffer;
  };
}

export interface BatchSenderOptions {
  /** Most messages per produce request. */
  batchSize?: number;
  /**
   * Roughly the most value and key bytes per produce request; Kafka brokers
   * refuse a record batch over message.max.bytes (1 MB by default).
   */
  batchBytes?: number;
  /** Produce requests awaiting an answer before push() callers must wait on ready(). */
  maxInFlight?: number;
}

/**
 * Sends many messages per produce request without a promise per message:
 * push() is synchronous and only the caller's occasional `await ready()` (when
 * `full`) or `await flush()` waits. The first failed request stops the sender;
 * ready() and flush() then throw it.
 */
export class BatchSender {
  readonly batchSize: number;
  readonly maxInFlight: number;
  readonly batchBytes: number;
  #batch: TextMessage[] = [];
  #bytes = 0;
  #inFlight = 0;
  #acked = 0;
  #failure: Error | undefined;
  #waiters: Array<() => void> = [];

  constructor(
    readonly producer: TextProducer,
    { batchSize = 4096, maxInFlight = 4, batchBytes = 256 * 1024 }: BatchSenderOptions = {},
  ) {
    this.batchSize = batchSize;
    this.maxInFlight = maxInFlight;
    this.batchBytes = batchBytes;
  }

  /** Messages the broker has acknowledged. */
  get acked(): number {
    return this.#acked;
  }

  /** True when the caller should `await ready()` before pushing more. */
  get full(): boolean {
    return this.#inFlight >= this.maxInFlight || this.#failure !== undefined;
  }

  push(message: TextMessage): void {
    this.#batch.push(message);
    // Three bytes a UTF-16 unit is the UTF-8 worst case; measuring each message's bytes would cost more than the margin.
    this.#bytes += (message.value?.length ?? 0) + (message.key?.length ?? 0);
    if (this.#batch.length >= this.batchSize || this.#bytes * 3 >= this.batchBytes) this.dispatch();
  }

  /** Sends what has been pushed so far without waiting for the answer. */
  dispatch(): void {
    if (this.#batch.length === 0 || this.#failure) return;
    const messages = this.#batch;
    this.#batch = [];
    this.#bytes = 0;
    this.#inFlight++;
    this.producer.send({ messages }, (error) => {
      this.#inFlight--;
      if (error) this.#failure ??= new SendFailedError(messages[0]!.topic, messages.length, error);
      else this.#acked += messages.length;
      for (const wake of this.#waiters.splice(0)) wake();
    });
  }

  /** Resolves once another request may be sent; throws the first send failure. */
  async ready(): Promise<void> {
    while (this.#inFlight >= this.maxInFlight && !this.#failure) {
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
    if (this.#failure) throw this.#failure;
  }

  /** Sends the rest and waits for every answer; throws the first send failure. */
  async flush(): Promise<void> {
    this.dispatch();
    while (this.#inFlight > 0) {
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
    if (this.#failure) throw this.#failure;
  }
}
