import type { SendFailedError } from './errors.js';
import type { OutgoingMessage } from './messages.js';
import type { Producer } from './producer.js';

const COMPACT_AFTER = 16_384;

export interface BatchSenderOptions {
  /** Most messages per produce request. Default 4096. */
  batchSize?: number;
  /**
   * Roughly the most key and value bytes per produce request; Kafka brokers refuse a
   * record batch over message.max.bytes (1 MB by default). Default 256 KiB.
   */
  batchBytes?: number;
  /**
   * Produce requests awaiting an answer at once. Default 4. An idempotent producer
   * numbers its batches as they leave, so a second request to a partition before the
   * first is answered would be refused as out of order: give it 1.
   */
  maxInFlight?: number;
}

/**
 * The one batching sender: many messages per produce request without a promise per
 * message. push() is synchronous and queues; a full request leaves at once when a slot
 * is free, and each answer sends what queued meanwhile, so messages leave in the order
 * pushed. Callers wait only now and then: `await ready()` when `full`, `await drainTo(n)`
 * to bound what is unacknowledged, `await flush()` at the end. The first failed request
 * stops the sender; every wait then throws it.
 */
export class BatchSender {
  readonly batchSize: number;
  readonly batchBytes: number;
  readonly maxInFlight: number;
  #queue: OutgoingMessage[] = [];
  /** Index of the first queued message not yet sent. */
  #head = 0;
  #queuedBytes = 0;
  #inFlight = 0;
  #inFlightMessages = 0;
  #acked = 0;
  #failure: SendFailedError | undefined;
  #waiters: Array<() => void> = [];

  constructor(
    readonly producer: Producer,
    { batchSize = 4096, batchBytes = 256 * 1024, maxInFlight = 4 }: BatchSenderOptions = {},
  ) {
    this.batchSize = batchSize;
    this.batchBytes = batchBytes;
    this.maxInFlight = maxInFlight;
  }

  /** Messages the broker has acknowledged. */
  get acked(): number {
    return this.#acked;
  }

  /** Messages pushed and not yet acknowledged. */
  get buffered(): number {
    return this.#queue.length - this.#head + this.#inFlightMessages;
  }

  /** True when the caller should `await ready()` before pushing more: a whole request waits and no slot is free. */
  get full(): boolean {
    return this.#failure !== undefined || (this.#inFlight >= this.maxInFlight && this.#wholeRequestQueued());
  }

  push(message: OutgoingMessage): void {
    this.#queue.push(message);
    this.#queuedBytes += sizeOf(message);
    if (this.#wholeRequestQueued()) this.dispatch();
  }

  /** Sends what is queued, as far as the free slots allow, without waiting for the answers. */
  dispatch(): void {
    while (this.#inFlight < this.maxInFlight && this.#head < this.#queue.length && this.#failure === undefined) this.#send(this.#takeRequest());
  }

  /** Resolves once pushing may go on; throws the first send failure. */
  async ready(): Promise<void> {
    while (this.full && this.#failure === undefined) await this.#answer();
    if (this.#failure !== undefined) throw this.#failure;
  }

  /** Resolves once at most `limit` messages are unacknowledged; throws the first send failure. */
  async drainTo(limit: number): Promise<void> {
    this.dispatch();
    while (this.buffered > limit && this.#failure === undefined) await this.#answer();
    if (this.#failure !== undefined) throw this.#failure;
  }

  /** Sends the rest and waits for every answer; throws the first send failure. */
  flush(): Promise<void> {
    return this.drainTo(0);
  }

  #wholeRequestQueued(): boolean {
    return this.#queue.length - this.#head >= this.batchSize || this.#queuedBytes >= this.batchBytes;
  }

  #answer(): Promise<void> {
    return new Promise<void>((resolve) => this.#waiters.push(resolve));
  }

  #send(messages: OutgoingMessage[]): void {
    this.#inFlight++;
    this.#inFlightMessages += messages.length;
    this.producer.sendThen(messages, (error) => {
      this.#inFlight--;
      this.#inFlightMessages -= messages.length;
      if (error) this.#failure ??= error;
      else this.#acked += messages.length;
      this.dispatch();
      for (const wake of this.#waiters.splice(0)) wake();
    });
  }

  #takeRequest(): OutgoingMessage[] {
    const start = this.#head;
    let bytes = 0;
    while (this.#head < this.#queue.length && this.#head - start < this.batchSize && bytes < this.batchBytes) bytes += sizeOf(this.#queue[this.#head++]!);
    this.#queuedBytes -= bytes;
    const request = this.#queue.slice(start, this.#head);
    if (this.#head === this.#queue.length) {
      this.#queue = [];
      this.#head = 0;
      this.#queuedBytes = 0;
    } else if (this.#head >= COMPACT_AFTER && this.#head * 2 >= this.#queue.length) {
      // A queue never quite empty would otherwise keep every message it ever sent.
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
    return request;
  }
}

/** Key and value bytes, roughly: three a UTF-16 unit of text is the UTF-8 worst case, cheaper than measuring each string. */
function sizeOf(m: OutgoingMessage): number {
  return bytesOf(m.key) + bytesOf(m.value);
}

function bytesOf(v: string | Buffer | null | undefined): number {
  if (v === undefined || v === null) return 0;
  return typeof v === 'string' ? v.length * 3 : v.length;
}
