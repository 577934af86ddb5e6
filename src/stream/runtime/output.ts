import { murmur2, Producer, stringSerializer, type MessageToProduce } from '@platformatic/kafka';
import { connectOptions } from '../../client/bootstrap.js';
import { SendFailedError } from '../../client/errors.js';
import type { ChangelogRecord, OutputRecord } from '../records.js';
import { OWNER_HEADER } from './changelog-owner.js';

type Message = MessageToProduce<Buffer, Buffer, string, Buffer>;

/** One produce request stays well under the broker's default max.message.bytes (1 MB). */
const REQUEST_RECORDS = 8192;
const REQUEST_BYTES = 512 * 1024;

/**
 * The job's producer. Tasks hand records over synchronously; they leave in requests of
 * a few thousand, one request at a time: @platformatic/kafka numbers an idempotent
 * producer's batches when they are sent, so a second request to a partition before the
 * first is answered would be refused as out of order, and repartition records must
 * arrive in the order they were sent. `buffered` counts records not yet acknowledged,
 * so the runtime can stop fetching while the broker is behind.
 */
export class Output {
  private readonly producer: Producer<Buffer, Buffer, string, Buffer>;
  private pending: Message[] = [];
  /** Index of the first record of `pending` not yet sent. */
  private head = 0;
  private inFlight = 0;
  private failure: Error | undefined;
  private waiters: Array<() => void> = [];

  constructor(bootstrap: string, clientId: string) {
    let next = 0;
    this.producer = new Producer({
      ...connectOptions(bootstrap, clientId),
      idempotent: true,
      autocreateTopics: true,
      serializers: { headerKey: stringSerializer },
      // As src/client/producer.ts: keyed records land where a Java client would put them, keyless ones spread.
      partitioner: (_message, key) => (key ? murmur2(key) & 0x7fffffff : next++ & 0x7fffffff),
    });
  }

  /** Records handed over and not yet acknowledged. */
  get buffered(): number {
    return this.pending.length - this.head + this.inFlight;
  }

  send(record: OutputRecord): void {
    this.pending.push(toMessage(record));
  }

  /** Starts sending what was handed over, if no request is out; the rest follows as answers come. */
  dispatch(): void {
    if (this.inFlight > 0 || this.head === this.pending.length || this.failure !== undefined) return;
    const messages = this.takeRequest();
    this.inFlight = messages.length;
    this.producer.send({ messages }, (error) => {
      this.inFlight = 0;
      if (error) this.failure ??= new SendFailedError(messages[0]!.topic, messages.length, error);
      this.dispatch();
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  /** Resolves once at most `limit` records are unacknowledged; throws the first send failure. */
  async drainTo(limit: number): Promise<void> {
    this.dispatch();
    while (this.buffered > limit && this.failure === undefined) await new Promise<void>((resolve) => this.waiters.push(resolve));
    if (this.failure !== undefined) throw this.failure;
  }

  /** Sends everything handed over and waits until the broker has acknowledged all of it. */
  flush(): Promise<void> {
    return this.drainTo(0);
  }

  /** Appends one task's checkpoint to its changelog partition, in order, each record stamped with its owner. */
  async appendChangelog(topic: string, partition: number, records: readonly ChangelogRecord[], owner: Buffer): Promise<void> {
    await this.flush();
    const timestamp = BigInt(Date.now());
    const headers = new Map([[OWNER_HEADER, owner]]);
    for (let i = 0; i < records.length; i += REQUEST_RECORDS) {
      const messages = records.slice(i, i + REQUEST_RECORDS).map((r): Message => ({ topic, partition, key: r.key, value: r.value ?? undefined, timestamp, headers }));
      await this.producer.send({ messages });
    }
  }

  close(): Promise<void> {
    return this.producer.close();
  }

  private takeRequest(): Message[] {
    const start = this.head;
    let bytes = 0;
    while (this.head < this.pending.length && this.head - start < REQUEST_RECORDS && bytes < REQUEST_BYTES) {
      const m = this.pending[this.head++]!;
      bytes += (m.value?.length ?? 0) + (m.key?.length ?? 0);
    }
    const request = this.pending.slice(start, this.head);
    if (this.head === this.pending.length) {
      this.pending = [];
      this.head = 0;
    }
    return request;
  }
}

function toMessage(record: OutputRecord): Message {
  return {
    topic: record.topic,
    ...(record.partition !== undefined && { partition: record.partition }),
    key: record.key ?? undefined,
    value: record.value ?? undefined,
    timestamp: BigInt(record.timestamp),
    ...(record.headers !== undefined && { headers: record.headers as Map<string, Buffer> }),
  };
}
