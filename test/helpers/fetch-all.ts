import { Fetch } from '../../src/protocol/apis.js';
import { decodeRecordBatches } from '../../src/protocol/records/record-batch.js';
import type { KafkaRecord } from '../../src/protocol/records/record.js';
import { RawClient } from './raw-client.js';

/** A Fetch v12 request body for one partition; fields with a spec default may be left out, the others are given. */
/** What a partition's null `records` (Kafka's way of saying none) reads as. */
export const NO_RECORDS = Buffer.alloc(0);

export function fetchRequest(topic: string, partition: number, fetchOffset: number, o: { maxWaitMs?: number; minBytes?: number; maxBytes?: number; partitionMaxBytes?: number } = {}) {
  return {
    replicaId: -1,
    maxWaitMs: o.maxWaitMs ?? 0,
    minBytes: o.minBytes ?? 0,
    maxBytes: o.maxBytes ?? 4 << 20,
    sessionEpoch: -1,
    forgottenTopicsData: [],
    topics: [{ topic, partitions: [{ partition, currentLeaderEpoch: -1, fetchOffset, lastFetchedEpoch: -1, logStartOffset: -1, partitionMaxBytes: o.partitionMaxBytes ?? 4 << 20 }] }],
  };
}

/** Reads a partition from `from` to its high watermark with our own codec, as a plain consumer would. */
export async function fetchAll(port: number, topic: string, partition = 0, from = 0): Promise<{ records: KafkaRecord[]; highWatermark: number }> {
  const c = await RawClient.connect(port);
  const records: KafkaRecord[] = [];
  let offset = from;
  let highWatermark: number;
  try {
    for (;;) {
      const res = await c.request(Fetch, 12, fetchRequest(topic, partition, offset));
      const p = res.responses[0].partitions[0];
      if (p.errorCode !== 0) throw new Error(`fetch ${topic}-${partition}@${offset} failed with error code ${p.errorCode}`);
      highWatermark = p.highWatermark;
      const batches = decodeRecordBatches(p.records ?? NO_RECORDS);
      if (batches.length === 0) break;
      for (const b of batches) for (const r of b.records) if (r.offset >= offset) records.push(r);
      const last = batches[batches.length - 1]!;
      offset = last.baseOffset + last.lastOffsetDelta + 1;
      if (offset >= highWatermark) break;
    }
  } finally {
    c.close();
  }
  return { records, highWatermark };
}
