import { ConnectionPool, fetchV12, type Broker, type Consumer, type Reader as WireReader } from '@platformatic/kafka';
import { Fetch } from '../../protocol/apis.js';
import { codecFor } from '../../protocol/codec.js';
import { Reader } from '../../protocol/reader.js';
import { decodeRecordBatches, type RecordBatch } from '../../protocol/records/record-batch.js';

const FETCH_API_KEY = 1;
/** The newest Fetch that names topics rather than topic ids, and the newest the embedded broker serves. */
const FETCH_VERSION = 12;
const READ_UNCOMMITTED = 0;

export interface FetchPosition {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
}

export interface FetchedPartition {
  readonly topic: string;
  readonly partition: number;
  readonly errorCode: number;
  readonly highWatermark: number;
  readonly logStartOffset: number;
  readonly batches: readonly RecordBatch[];
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
 * Reads record batches through @platformatic/kafka's documented low-level request API,
 * Connection.send with the client's own Fetch v12 request builder, and decodes them with
 * the project's zero-copy record codec. The client's Consumer.fetch builds an object with
 * bigint fields for every record, which costs about four times as much per record; the
 * connection, its pool and the request bytes stay the client's. Fetches use their own
 * connections, so a long poll never delays the group's heartbeats.
 */
export class Fetcher {
  private readonly pool: ConnectionPool;
  private readonly codec = codecFor(Fetch.response, FETCH_VERSION);
  private leaders = new Map<string, Broker>();

  constructor(
    private readonly consumer: Consumer,
    clientId: string,
    private readonly maxBytes: number,
  ) {
    this.pool = new ConnectionPool(`${clientId}-fetch`, { connectTimeout: 5000 });
  }

  /** Partitions in the answer come in no particular order; a partition with no new records has no batches. */
  async fetch(positions: readonly FetchPosition[], maxWaitMs: number): Promise<FetchedPartition[]> {
    const byBroker = new Map<Broker, FetchPosition[]>();
    for (const position of positions) {
      const broker = await this.leaderOf(position.topic, position.partition);
      let list = byBroker.get(broker);
      if (list === undefined) byBroker.set(broker, (list = []));
      list.push(position);
    }
    const answers = await Promise.all([...byBroker].map(([broker, list]) => this.fetchFrom(broker, list, maxWaitMs)));
    return answers.flat();
  }

  /** Forgets partition leaders, after an error that may mean they moved. */
  forgetLeaders(): void {
    this.leaders = new Map();
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  private async leaderOf(topic: string, partition: number): Promise<Broker> {
    const key = `${topic}/${partition}`;
    const known = this.leaders.get(key);
    if (known !== undefined) return known;
    const metadata = await this.consumer.metadata({ topics: [topic], forceUpdate: true });
    metadata.topics.get(topic)?.partitions.forEach((p, i) => {
      const broker = metadata.brokers.get(p.leader);
      if (broker !== undefined) this.leaders.set(`${topic}/${i}`, broker);
    });
    const found = this.leaders.get(key);
    if (found === undefined) throw new Error(`no leader is known for ${topic}/${partition}; the topic may be missing or still being created`);
    return found;
  }

  private async fetchFrom(broker: Broker, positions: readonly FetchPosition[], maxWaitMs: number): Promise<FetchedPartition[]> {
    const topics = new Map<string, fetchV12.FetchRequestPartition[]>();
    for (const p of positions) {
      let list = topics.get(p.topic);
      if (list === undefined) topics.set(p.topic, (list = []));
      list.push({ partition: p.partition, currentLeaderEpoch: -1, fetchOffset: BigInt(p.offset), lastFetchedEpoch: -1, partitionMaxBytes: this.maxBytes });
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
        out.push({
          topic: topic.topic,
          partition: p.partitionIndex,
          errorCode: p.errorCode !== 0 ? p.errorCode : response.errorCode,
          highWatermark: p.highWatermark,
          logStartOffset: p.logStartOffset,
          batches: p.records === null || p.records.length === 0 ? [] : decodeRecordBatches(p.records),
        });
      }
    }
    return out;
  }
}
