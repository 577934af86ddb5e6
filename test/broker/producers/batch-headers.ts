import { Fetch } from '../../../src/protocol/apis.js';
import { BATCH_HEADER_SIZE, batchSizeAt, readBatchHeader, type BatchHeader } from '../../../src/protocol/records/batch-header.js';
import { RawClient } from '../../helpers/raw-client.js';

/** The header of every batch stored in one partition, as a Fetch returns them. */
export async function storedBatchHeaders(port: number, topic: string, partition = 0): Promise<BatchHeader[]> {
  const c = await RawClient.connect(port);
  const headers: BatchHeader[] = [];
  try {
    let offset = 0;
    for (;;) {
      const r = await c.request(Fetch, 12, {
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
      const p = r.responses[0].partitions[0];
      if (p.errorCode !== 0) throw new Error(`fetch ${topic}-${partition}@${offset} failed with error code ${p.errorCode}`);
      const records: Buffer = p.records ?? Buffer.alloc(0);
      let at = 0;
      while (records.length - at >= BATCH_HEADER_SIZE && at + batchSizeAt(records, at) <= records.length) {
        const h = readBatchHeader(records, at);
        if (h.baseOffset >= offset) headers.push(h);
        at += batchSizeAt(records, at);
      }
      const last = headers.at(-1);
      if (!last || last.baseOffset + last.lastOffsetDelta + 1 >= p.highWatermark) return headers;
      offset = last.baseOffset + last.lastOffsetDelta + 1;
    }
  } finally {
    c.close();
  }
}
