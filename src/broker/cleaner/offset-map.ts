import { Attr, batchSizeAt, Off } from '../../protocol/records/batch-header.js';
import { decodeRecordBatch, type RecordBatch } from '../../protocol/records/record-batch.js';

/**
 * Key -> offset of its latest record in the dirty part of a log, the part written since
 * the last clean. The cleaner keeps a record only when no later record of its key is in
 * the map. Keys are held as latin1 strings: one char per byte, so distinct keys stay
 * distinct and no hashing collision can drop a live record.
 */
export class OffsetMap {
  private readonly latest = new Map<string, number>();

  get size(): number {
    return this.latest.size;
  }

  /**
   * Reads every data record of `batches` (whole v2 batches laid end to end); control batches carry
   * no user keys. Batches `skip` names (an aborted transaction's) are left out: a record no
   * read_committed reader sees must not supersede one it does.
   */
  addBatches(batches: Buffer, skip?: (batch: RecordBatch) => boolean): void {
    for (let at = 0; at < batches.length; at += batchSizeAt(batches, at)) {
      if ((batches.readInt16BE(at + Off.attributes) & Attr.control) !== 0) continue;
      const batch = decodeRecordBatch(batches.subarray(at, at + batchSizeAt(batches, at)));
      if (skip?.(batch)) continue;
      for (const r of batch.records) if (r.key !== null) this.put(r.key, r.offset);
    }
  }

  put(key: Buffer, offset: number): void {
    const k = key.toString('latin1');
    const known = this.latest.get(k);
    if (known === undefined || offset > known) this.latest.set(k, offset);
  }

  /** The offset of the key's latest record, or undefined when the dirty part never wrote it. */
  latestOffset(key: Buffer): number | undefined {
    return this.latest.get(key.toString('latin1'));
  }
}
