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
const READ_UNCOMMITTED = 0;

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
  readonly logStartOffset: number;
  /** Empty when the partition has nothing new (or an error). */
  readonly batches: readonly FetchedBatch[];
}

export interface FetcherOptions {
  readonly clientId: string;
  /** Most bytes one fetch returns, and one partition in it (it bounds the records decoded at once). */
  readonly maxBytes: number;
}

interface WirePartition {
  partitionIndex: number;
  errorCode: number;
  highWatermark: number;
  logStartOffset: number;
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
  private leaders = new Map<string, Broker>();

  constructor(bootstrap: string, options: FetcherOptions) {
    this.pool = new ConnectionPool(`${options.clientId}-fetch`, { connectTimeout: 5000 });
    this.metadata = new Admin(connectOptions(bootstrap, `${options.clientId}-fetch-metadata`));
    this.maxBytes = options.maxBytes;
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
        () => fetchV12.createRequest(maxWaitMs, 1, this.maxBytes, READ_UNCOMMITTED, 0, -1, request, [], ''),
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
        out.push({
          topic: topic.topic,
          partition: p.partitionIndex,
          error,
          highWatermark: p.highWatermark,
          logStartOffset: p.logStartOffset,
          batches: error !== undefined || p.records === null || p.records.length === 0 ? [] : decodeRecordBatches(p.records),
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
