import { Fetch } from '../../src/protocol/apis.js';
import { decodeRecordBatches } from '../../src/protocol/records/record-batch.js';
import type { KafkaRecord } from '../../src/protocol/records/record.js';
import { RawClient } from './raw-client.js';

/** Reads a partition from `from` to its high watermark with our own codec, as a plain consumer would. */
export async function fetchAll(port: number, topic: string, partition = 0, from = 0): Promise<{ records: KafkaRecord[]; highWatermark: number }> {
  const c = await RawClient.connect(port);
  const records: KafkaRecord[] = [];
  let offset = from;
  let highWatermark = 0;
  try {
    for (;;) {
      const res = await c.request(Fetch, 12, {
        replicaId: -1,
        maxWaitMs: 0,
        minBytes: 0,
        maxBytes: 4 << 20,
        isolationLevel: 0,
        sessionId: 0,
        sessionEpoch: -1,
        topics: [{ topic, partitions: [{ partition, currentLeaderEpoch: -1, fetchOffset: offset, lastFetchedEpoch: -1, logStartOffset: -1, partitionMaxBytes: 4 << 20 }] }],
        forgottenTopicsData: [],
        rackId: '',
      });
      const p = res.responses[0].partitions[0];
      if (p.errorCode !== 0) throw new Error(`fetch ${topic}-${partition}@${offset} failed with error code ${p.errorCode}`);
      highWatermark = p.highWatermark;
      const batches = decodeRecordBatches(p.records);
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
