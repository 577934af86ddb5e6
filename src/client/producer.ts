import { Producer as WireProducer, type MessageToProduce } from '@platformatic/kafka';
import { connectOptions } from './bootstrap.js';
import { SendFailedError, TransactionFailedError } from './errors.js';
import type { GroupSession } from './group.js';
import { tpKey, type OutgoingMessage, type TopicPartitionOffset } from './messages.js';
import { defaultPartitioner } from './partitioner.js';
import type { WireTransaction } from './wire-transaction.js';

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
  /**
   * Kafka's delivery.timeout.ms (default 120 s): how long a send that already reached the
   * cluster keeps retrying when its partition's leader goes away, with fresh metadata each time.
   */
  deliveryTimeoutMs?: number;
  /**
   * Kafka's transactional.id: makes the producer transactional (and idempotent). Every send
   * then belongs to the open transaction, begun on the first send after a commit; a new
   * producer with the same id fences this one and aborts its open transaction. With
   * @platformatic/kafka the transaction timeout is the request timeout (timeoutMs).
   */
  transactionalId?: string;
}

type Bytes = string | Buffer;
type WireMessage = MessageToProduce<Bytes, Bytes, string, Bytes>;
type WireSent = { offsets?: { topic: string; partition: number; offset: bigint }[] };

const DELIVERY_TIMEOUT_MS = 120_000;
/** Kafka's retry.backoff.ms and retry.backoff.max.ms. */
const BACKOFF_MS = 100;
const BACKOFF_MAX_MS = 1_000;

/**
 * Sends records to Kafka. Missing topics are created, as Kafka's
 * auto.create.topics.enable would; keyed records land where a Java client would put
 * them, keyless ones spread round-robin (partitioner.ts).
 */
export class Producer {
  readonly #wire: WireProducer<Bytes, Bytes, string, Bytes>;
  readonly #deliveryTimeoutMs: number;
  readonly #transactional: boolean;
  /** The transaction being begun, so that sends racing for the first one share it. */
  #beginning: Promise<WireTransaction> | undefined;
  /** Set once a send has been answered: until then a network error means the cluster is not there, not that a leader moved. */
  #reachedCluster = false;
  #closed = false;
  /**
   * Each record's partition is chosen here, once: @platformatic/kafka would choose it again on
   * every retry, and a keyless record retried into another partition escapes idempotence.
   */
  readonly #pick = defaultPartitioner();
  /** Text to bytes, shared by the partitioner's key and the wire's serializers, so a key is encoded once. */
  readonly #bytes = shortValueCache();

  constructor(bootstrap: string, options: ProducerOptions = {}) {
    this.#deliveryTimeoutMs = options.deliveryTimeoutMs ?? DELIVERY_TIMEOUT_MS;
    this.#transactional = options.transactionalId !== undefined;
    const bytes = this.#bytes;
    this.#wire = new WireProducer({
      ...connectOptions(bootstrap, options.clientId ?? 'streamdash-producer'),
      ...(options.timeoutMs !== undefined && { timeout: options.timeoutMs }),
      ...(options.retries !== undefined && { retries: options.retries }),
      ...(options.retryDelayMs !== undefined && { retryDelay: options.retryDelayMs }),
      ...(options.compression !== undefined && { compression: options.compression }),
      ...(options.idempotent || this.#transactional ? { idempotent: true } : { acks: options.acks ?? 1 }),
      ...(options.transactionalId !== undefined && { transactionalId: options.transactionalId }),
      autocreateTopics: true,
      serializers: { key: bytes, value: bytes, headerKey: (k?: string) => (k === undefined ? undefined : Buffer.from(k)), headerValue: bytes },
    });
  }

  /** Sends one request's worth of records; rejects with a SendFailedError. */
  send({ messages }: { readonly messages: readonly OutgoingMessage[] }): Promise<void> {
    return new Promise((resolve, reject) => this.sendThen(messages, (error) => (error ? reject(error) : resolve())));
  }

  /** As send(), with a callback instead of a promise: the batching sender sends thousands of requests. */
  sendThen(messages: readonly OutgoingMessage[], done: (error: SendFailedError | undefined) => void): void {
    if (messages.length === 0) return done(undefined);
    this.#deliver(messages.map((m) => this.#toWire(m)), (error) => done(error ? new SendFailedError(messages[0]!.topic, messages.length, error) : undefined));
  }

  /** Sends one record and tells where it landed: its partition and offset. */
  sendOne(message: OutgoingMessage): Promise<TopicPartitionOffset> {
    return new Promise((resolve, reject) =>
      this.#deliver([this.#toWire(message)], (error, result) => {
        const landed = result?.offsets?.[0];
        if (error || landed === undefined) return reject(new SendFailedError(message.topic, 1, error ?? new Error('the broker named no offset')));
        resolve({ topic: landed.topic, partition: landed.partition, offset: Number(landed.offset) });
      }),
    );
  }

  /**
   * One send, retried as Kafka's producer retries it: @platformatic/kafka keeps asking the
   * node it last knew as leader, so after a failover every retry would hit the dead node.
   * Forgetting the metadata makes the next attempt ask the cluster who leads now. The
   * stream runtime keeps one request in flight, so a retry never reorders its records.
   */
  #deliver(messages: WireMessage[], done: (error: Error | null, result?: WireSent) => void, deadline = Date.now() + this.#deliveryTimeoutMs, backoff = BACKOFF_MS): void {
    if (this.#transactional) {
      this.#transaction().then(
        (txn) => this.#attempt(txn, messages, done, deadline, backoff),
        (error: unknown) => done(error instanceof Error ? error : new Error(String(error))),
      );
      return;
    }
    this.#attempt(this.#wire, messages, done, deadline, backoff);
  }

  #attempt(
    via: { send: WireTransaction['send'] },
    messages: WireMessage[],
    done: (error: Error | null, result?: WireSent) => void,
    deadline: number,
    backoff: number,
  ): void {
    via.send({ messages }, (error, result) => {
      if (!error) {
        this.#reachedCluster = true;
        return done(null, result);
      }
      if (this.#closed || !this.#reachedCluster || !leaderMayHaveMoved(error) || Date.now() + backoff > deadline) return done(error);
      // A request spans partitions led by several nodes; those whose node answered are in, and sending them again would duplicate them.
      const landed = new Set(((error as { produced?: WireSent }).produced?.offsets ?? []).map((o) => tpKey(o.topic, o.partition)));
      const counts = this.#wire.currentMetadata?.topics;
      const rest = messages.filter((m) => !landed.has(tpKey(m.topic, m.partition! % (counts?.get(m.topic)?.partitionsCount ?? Infinity))));
      if (rest.length === 0) return done(null, (error as { produced?: WireSent }).produced);
      this.#wire.clearMetadata();
      setTimeout(() => this.#deliver(rest, done, deadline, Math.min(backoff * 2, BACKOFF_MAX_MS)), backoff);
    });
  }

  /** The open transaction, begun if none is (a transactional producer only). */
  #transaction(): Promise<WireTransaction> {
    const open = this.#wire.transaction;
    if (open !== undefined && !open.completed) return Promise.resolve(open);
    this.#beginning ??= this.#wire.beginTransaction().finally(() => (this.#beginning = undefined));
    return this.#beginning;
  }

  /** Whether a transaction is open: something was sent since the last commit or abort. */
  get inTransaction(): boolean {
    const open = this.#wire.transaction;
    return this.#beginning !== undefined || (open !== undefined && !open.completed);
  }

  /** Aborts the open transaction, if one is: the broker drops its writes and pending offsets. Everything sent must have been answered first. */
  async abortTransaction(): Promise<void> {
    const open = this.#wire.transaction;
    if (open === undefined || open.completed) return;
    try {
      await open.abort();
    } catch (error) {
      throw new TransactionFailedError('abort', error);
    }
  }

  /**
   * Commits the open transaction (beginning one if nothing was sent since the last commit)
   * together with `offsets`, the next positions to read, as the group member `session`:
   * Kafka's sendOffsetsToTransaction then commitTransaction. Everything sent must have been
   * acknowledged first. Rejects with a TransactionFailedError; the transaction is then aborted
   * by the broker (or by the next producer with this transactional id).
   */
  async commitTransaction(offsets: readonly TopicPartitionOffset[], session: GroupSession): Promise<void> {
    try {
      const txn = await this.#transaction();
      if (offsets.length > 0) await session.addOffsetsTo(txn, offsets);
      await txn.commit();
    } catch (error) {
      throw new TransactionFailedError('commit', error);
    }
  }

  #toWire(m: OutgoingMessage): WireMessage {
    // Encoded here once: the partitioner hashes these bytes and the key serializer passes a Buffer through.
    const key = this.#bytes(m.key ?? undefined);
    return toWire(m, key, m.partition ?? this.#pick(key));
  }

  /** `force` drops what is unsent instead of waiting for it (e.g. with the broker gone). */
  close(force = false): Promise<void> {
    this.#closed = true;
    return new Promise((resolve, reject) => this.#wire.close(force, (error) => (error ? reject(error) : resolve())));
  }
}

/** A node that stopped answering, or a broker saying it no longer leads the partition. */
function leaderMayHaveMoved(error: Error): boolean {
  const found = (error as { findBy?: (property: string, value: unknown) => unknown }).findBy;
  if (typeof found !== 'function') return false;
  return Boolean(found.call(error, 'code', 'PLT_KFK_NETWORK') || found.call(error, 'hasStaleMetadata', true));
}

/** The producer the text-sending callers hold (kept name: it sends Buffers as well). */
export type TextProducer = Producer;

/** A producer of text messages with the defaults the CLI, generators and apps share. */
export function createProducer(bootstrap: string, clientId = 'streamdash-producer'): Producer {
  return new Producer(bootstrap, { clientId });
}

function toWire(m: OutgoingMessage, key: Buffer | undefined, partition: number): WireMessage {
  return {
    topic: m.topic,
    partition,
    key,
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
