import { BatchSender, Producer, type GroupSession, type TopicPartitionOffset } from '../../client/index.js';
import type { ChangelogRecord, OutputRecord } from '../records.js';
import { ownedKey, OWNER_HEADER } from './changelog-owner.js';

/**
 * The job's producer: idempotent, so a retried request never duplicates a record. Tasks
 * hand records over synchronously; they leave in requests of a few thousand, one request
 * at a time, since an idempotent producer numbers its batches as they leave and
 * repartition records must arrive in the order they were sent (see BatchSender).
 * `buffered` counts records not yet acknowledged, so the runtime can stop fetching
 * while the broker is behind.
 */
/**
 * Kafka Streams' transaction.timeout.ms under exactly-once: a crashed instance's open
 * transaction is aborted this long after it began, and until then read_committed readers of
 * what it wrote wait. (@platformatic/kafka takes it from the request timeout.)
 */
const TRANSACTION_TIMEOUT_MS = 10_000;

export class Output {
  private readonly producer: Producer;
  private readonly sender: BatchSender;

  /** `transactionalId` makes every send part of the open transaction, see commit(). */
  constructor(bootstrap: string, clientId: string, transactionalId?: string) {
    this.producer = new Producer(bootstrap, {
      clientId,
      idempotent: true,
      ...(transactionalId !== undefined && { transactionalId, timeoutMs: TRANSACTION_TIMEOUT_MS }),
    });
    // One produce request stays well under the broker's default max.message.bytes (1 MB).
    this.sender = new BatchSender(this.producer, { batchSize: 8192, batchBytes: 512 * 1024, maxInFlight: 1 });
  }

  /** Records handed over and not yet acknowledged. */
  get buffered(): number {
    return this.sender.buffered;
  }

  send(record: OutputRecord): void {
    this.sender.push(record);
  }

  /** Starts sending what was handed over, if no request is out; the rest follows as answers come. */
  dispatch(): void {
    this.sender.dispatch();
  }

  /** Resolves once at most `limit` records are unacknowledged; throws the first send failure. */
  drainTo(limit: number): Promise<void> {
    return this.sender.drainTo(limit);
  }

  /** Sends everything handed over and waits until the broker has acknowledged all of it. */
  flush(): Promise<void> {
    return this.sender.flush();
  }

  /** Appends one task's checkpoint to its changelog partition, in order, each record stamped with its owner (header and key). */
  async appendChangelog(topic: string, partition: number, records: readonly ChangelogRecord[], owner: Buffer): Promise<void> {
    await this.flush();
    const timestamp = Date.now();
    const headers = new Map([[OWNER_HEADER, owner]]);
    for (const r of records) this.sender.push({ topic, partition, key: ownedKey(r.key, owner), value: r.value, timestamp, headers });
    await this.flush();
  }

  /** Appends a claim's cleanup tombstones (changelog-owner.ts), keys as they are on the topic and no owner header. */
  async appendCleanup(topic: string, partition: number, tombstones: readonly ChangelogRecord[]): Promise<void> {
    if (tombstones.length === 0) return;
    const timestamp = Date.now();
    for (const r of tombstones) this.sender.push({ topic, partition, key: r.key, value: null, timestamp });
    await this.flush();
  }

  /** Whether records were handed over since the last commit or abort (a transactional output only). */
  get inTransaction(): boolean {
    return this.buffered > 0 || this.producer.inTransaction;
  }

  /** Sends what was handed over, then commits it in one transaction with `offsets` (a transactional output only). */
  async commit(offsets: readonly TopicPartitionOffset[], session: GroupSession): Promise<void> {
    await this.flush();
    await this.producer.commitTransaction(offsets, session);
  }

  /** Lets what was handed over be answered, then aborts the open transaction: none of it becomes visible. */
  async abort(): Promise<void> {
    // A send that failed needs no report: the abort discards whatever did land.
    await this.flush().catch(() => undefined);
    await this.producer.abortTransaction();
  }

  close(): Promise<void> {
    return this.producer.close();
  }
}
