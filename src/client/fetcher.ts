import { Admin, ConnectionPool, fetchV12, type Broker, type Reader as WireReader } from '@platformatic/kafka';
import { Fetch } from '../protocol/apis.js';
import { codecFor } from '../protocol/codec.js';
import { ErrorCode } from '../protocol/error-codes.js';
import { Reader } from '../protocol/reader.js';
import { decodeRecordBatches, type RecordBatch } from '../protocol/records/record-batch.js';
import type { KafkaRecord } from '../protocol/records/record.js';
import { connectOptions } from './bootstrap.js';
import { FetchFailedError, OffsetOutOfRangeError, PartitionUnavailableError, type FetchError } from './errors.js';
import { tpKey, type TopicPartitionOffset } from './messages.js';

const FETCH_API_KEY = 1;
/** The newest Fetch that names topics rather than topic ids, and the newest the embedded broker serves. */
const FETCH_VERSION = 12;
/** Fetch's isolation levels: what Kafka's isolation.level names read_uncommitted and read_committed. */
const ISOLATION_LEVELS = { read_uncommitted: 0, read_committed: 1 } as const;
export type IsolationLevel = keyof typeof ISOLATION_LEVELS;

/** Errors a fetch may meet while partitions move or topics are being created; the next fetch retries. */
const RETRIABLE: ReadonlySet<number> = new Set([
  ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
  ErrorCode.LEADER_NOT_AVAILABLE,
  ErrorCode.NOT_LEADER_OR_FOLLOWER,
  ErrorCode.REQUEST_TIMED_OUT,
  ErrorCode.UNKNOWN_SERVER_ERROR,
]);

/** A record batch as stored: offsets, the control flag and the records, decoded without copying keys and values. */
export type FetchedBatch = Readonly<RecordBatch>;
export type FetchedRecord = Readonly<KafkaRecord>;

export interface FetchedPartition {
  readonly topic: string;
  readonly partition: number;
  /** What the broker refused, typed by what to do about it; undefined when the partition was read. */
  readonly error: FetchError | undefined;
  readonly highWatermark: number;
  /**
   * Where reading "to the end" stops: the high watermark, or under read_committed the last
   * stable offset (the first offset of the oldest transaction still open).
   */
  readonly readableEnd: number;
  readonly logStartOffset: number;
  /** Empty when the partition has nothing new (or an error). */
  readonly batches: readonly FetchedBatch[];
}

export interface FetcherOptions {
  readonly clientId: string;
  /** Most bytes one fetch returns, and one partition in it (it bounds the records decoded at once). */
  readonly maxBytes: number;
  /**
   * read_committed returns records only up to the last stable offset and empties the batches
   * of aborted transactions (their offsets stay, so positions move past them). Default read_uncommitted.
   */
  readonly isolation?: IsolationLevel;
}

interface WirePartition {
  partitionIndex: number;
  errorCode: number;
  highWatermark: number;
  lastStableOffset: number;
  logStartOffset: number;
  abortedTransactions: { producerId: number; firstOffset: number }[] | null;
  records: Buffer | null;
}

interface WireResponse {
  errorCode: number;
  responses: { topic: string; partitions: WirePartition[] }[];
}

/**
 * Reads record batches from given positions, without a consumer group: Fetch v12 sent
 * through @platformatic/kafka's documented low-level request API (Connection.send with
 * the client's own request builder) and decoded with the project's zero-copy record
 * codec. The client's Consumer.fetch builds an object with bigint fields for every
 * record, which costs about four times as much per record. Fetches use connections of
 * their own, so a long poll never delays a group's heartbeats. After an error that may
 * mean a leader moved, the fetcher forgets the leaders it knew and asks again.
 */
export class Fetcher {
  private readonly pool: ConnectionPool;
  private readonly metadata: Admin;
  private readonly codec = codecFor(Fetch.response, FETCH_VERSION);
  private readonly maxBytes: number;
  private readonly isolation: number;
  private leaders = new Map<string, Broker>();

  constructor(bootstrap: string, options: FetcherOptions) {
    this.pool = new ConnectionPool(`${options.clientId}-fetch`, { connectTimeout: 5000 });
    this.metadata = new Admin(connectOptions(bootstrap, `${options.clientId}-fetch-metadata`));
    this.maxBytes = options.maxBytes;
    this.isolation = ISOLATION_LEVELS[options.isolation ?? 'read_uncommitted'];
  }

  /**
   * Partitions in the answer come in no particular order. Rejects only when no answer
   * came (the broker unreachable); a partition the broker refused carries its error.
   */
  async fetch(positions: readonly TopicPartitionOffset[], maxWaitMs: number): Promise<FetchedPartition[]> {
    try {
      const byBroker = new Map<Broker, TopicPartitionOffset[]>();
      for (const position of positions) {
        const broker = await this.leaderOf(position.topic, position.partition);
        let list = byBroker.get(broker);
        if (list === undefined) byBroker.set(broker, (list = []));
        list.push(position);
      }
      const answers = await Promise.all([...byBroker].map(([broker, list]) => this.fetchFrom(broker, list, maxWaitMs)));
      return answers.flat();
    } catch (error) {
      this.leaders = new Map();
      throw error;
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.pool.close(), this.metadata.close()]);
  }

  private async leaderOf(topic: string, partition: number): Promise<Broker> {
    const key = tpKey(topic, partition);
    const known = this.leaders.get(key);
    if (known !== undefined) return known;
    const metadata = await this.metadata.metadata({ topics: [topic], forceUpdate: true });
    metadata.topics.get(topic)?.partitions.forEach((p, i) => {
      const broker = metadata.brokers.get(p.leader);
      if (broker !== undefined) this.leaders.set(tpKey(topic, i), broker);
    });
    const found = this.leaders.get(key);
    if (found === undefined) throw new Error(`no leader is known for ${key}; the topic may be missing or still being created`);
    return found;
  }

  private async fetchFrom(broker: Broker, positions: readonly TopicPartitionOffset[], maxWaitMs: number): Promise<FetchedPartition[]> {
    const topics = new Map<string, fetchV12.FetchRequestPartition[]>();
    const asked = new Map<string, number>();
    for (const p of positions) {
      let list = topics.get(p.topic);
      if (list === undefined) topics.set(p.topic, (list = []));
      list.push({ partition: p.partition, currentLeaderEpoch: -1, fetchOffset: BigInt(p.offset), lastFetchedEpoch: -1, partitionMaxBytes: this.maxBytes });
      asked.set(tpKey(p.topic, p.partition), p.offset);
    }
    const request = [...topics].map(([topic, partitions]) => ({ topicId: topic, partitions }));
    const connection = await this.pool.get(broker);
    const response = await new Promise<WireResponse>((resolve, reject) =>
      connection.send(
        FETCH_API_KEY,
        FETCH_VERSION,
        () => fetchV12.createRequest(maxWaitMs, 1, this.maxBytes, this.isolation, 0, -1, request, [], ''),
        (_correlationId: number, _apiKey: number, _apiVersion: number, reader: WireReader) =>
          this.codec.decode(new Reader(reader.buffer.slice(reader.position, reader.length))) as WireResponse,
        true,
        true,
        (error, payload) => (error ? reject(error) : resolve(payload!)),
      ),
    );
    const out: FetchedPartition[] = [];
    for (const topic of response.responses) {
      for (const p of topic.partitions) {
        const code = p.errorCode !== 0 ? p.errorCode : response.errorCode;
        const error = code === ErrorCode.NONE ? undefined : this.fetchError(topic.topic, p, code, asked.get(tpKey(topic.topic, p.partitionIndex)) ?? -1);
        const batches = error !== undefined || p.records === null || p.records.length === 0 ? [] : decodeRecordBatches(p.records);
        out.push({
          topic: topic.topic,
          partition: p.partitionIndex,
          error,
          highWatermark: p.highWatermark,
          readableEnd: this.isolation === ISOLATION_LEVELS.read_committed && p.lastStableOffset >= 0 ? p.lastStableOffset : p.highWatermark,
          logStartOffset: p.logStartOffset,
          batches: p.abortedTransactions === null || p.abortedTransactions.length === 0 ? batches : withoutAborted(batches, p.abortedTransactions),
        });
      }
    }
    return out;
  }

  private fetchError(topic: string, p: WirePartition, code: number, offset: number): FetchError {
    if (code === ErrorCode.OFFSET_OUT_OF_RANGE) return new OffsetOutOfRangeError(topic, p.partitionIndex, offset, p.logStartOffset, p.highWatermark);
    if (!RETRIABLE.has(code)) return new FetchFailedError(topic, p.partitionIndex, code);
    this.leaders = new Map();
    return new PartitionUnavailableError(topic, p.partitionIndex, code);
  }
}

/**
 * Empties the data batches of aborted transactions, as Kafka's read_committed consumer
 * skips them: from each aborted transaction's first offset, the producer's transactional
 * batches are dropped until its abort marker. The batches stay (without records) so that
 * readers still move their positions past those offsets.
 */
function withoutAborted(batches: readonly RecordBatch[], aborted: readonly { producerId: number; firstOffset: number }[]): RecordBatch[] {
  const pending = [...aborted].sort((a, b) => a.firstOffset - b.firstOffset);
  const abortedProducers = new Set<number>();
  return batches.map((batch) => {
    const lastOffset = batch.baseOffset + batch.lastOffsetDelta;
    while (pending.length > 0 && pending[0]!.firstOffset <= lastOffset) abortedProducers.add(pending.shift()!.producerId);
    if (batch.isControlBatch) {
      if (isAbortMarker(batch)) abortedProducers.delete(batch.producerId);
      return batch;
    }
    return batch.isTransactional && abortedProducers.has(batch.producerId) ? { ...batch, records: [] } : batch;
  });
}

/** A control record's key is (version int16, type int16); type 0 is ABORT, 1 COMMIT. */
function isAbortMarker(batch: RecordBatch): boolean {
  const key = batch.records[0]?.key;
  return key !== null && key !== undefined && key.length >= 4 && key.readInt16BE(2) === 0;
}
