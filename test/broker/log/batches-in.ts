import { batchSizeAt, readBatchHeader, type BatchHeader } from '../../../src/protocol/records/batch-header.js';

/** Splits concatenated whole batches into their headers and bytes, failing on a partial one. */
export function batchesIn(data: Buffer): Array<{ header: BatchHeader; bytes: Buffer }> {
  const out: Array<{ header: BatchHeader; bytes: Buffer }> = [];
  for (let at = 0; at < data.length; ) {
    const size = batchSizeAt(data, at);
    if (at + size > data.length) throw new Error(`partial batch at byte ${at}`);
    out.push({ header: readBatchHeader(data, at), bytes: data.subarray(at, at + size) });
    at += size;
  }
  return out;
}
