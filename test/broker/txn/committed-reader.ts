import { Fetch } from '../../../src/protocol/apis.js';
import { decodeRecordBatches } from '../../../src/protocol/records/record-batch.js';
import { fetchRequest } from '../../helpers/fetch-all.js';
import type { RawClient } from '../../helpers/raw-client.js';

const READ_COMMITTED = 1;
/** A control record's key is (version int16, type int16); type 0 is an abort marker. */
const ABORT_MARKER = 0;

export interface CommittedRead {
  /** The values a read_committed Kafka consumer returns, in offset order. */
  values: string[];
  /** The commit (true) and abort (false) markers met, in offset order. */
  markers: boolean[];
  lastStableOffset: number;
  highWatermark: number;
}

/**
 * Reads a partition up to its last stable offset at read_committed and drops the records of
 * the aborted transactions the broker names, as Kafka's consumer does (KIP-98): a producer's
 * transactional batches are skipped from its aborted transaction's first offset to its abort marker.
 */
export async function readCommitted(c: RawClient, topic: string, partition: number): Promise<CommittedRead> {
  const out: CommittedRead = { values: [], markers: [], lastStableOffset: -1, highWatermark: -1 };
  const aborted: { producerId: number; firstOffset: number }[] = [];
  const aborting = new Set<number>();
  let offset = 0;
  for (;;) {
    const r = await c.request(Fetch, 12, { ...fetchRequest(topic, partition, offset), isolationLevel: READ_COMMITTED });
    const p = r.responses[0].partitions[0];
    if (p.errorCode !== 0) throw new Error(`Fetch ${topic}-${partition} at ${offset} answered error ${p.errorCode}`);
    out.lastStableOffset = p.lastStableOffset;
    out.highWatermark = p.highWatermark;
    aborted.push(...(p.abortedTransactions ?? []));
    aborted.sort((a, b) => a.firstOffset - b.firstOffset);
    const batches = p.records && p.records.length > 0 ? decodeRecordBatches(p.records) : [];
    if (batches.length === 0) return out;
    for (const b of batches) {
      const last = b.baseOffset + b.lastOffsetDelta;
      while (aborted.length > 0 && aborted[0]!.firstOffset <= last) aborting.add(aborted.shift()!.producerId);
      if (b.isControlBatch) {
        const isAbort = b.records[0]!.key!.readInt16BE(2) === ABORT_MARKER;
        out.markers.push(!isAbort);
        if (isAbort) aborting.delete(b.producerId);
      } else if (!(b.isTransactional && aborting.has(b.producerId))) {
        for (const rec of b.records) out.values.push(rec.value!.toString());
      }
      offset = last + 1;
    }
  }
}
