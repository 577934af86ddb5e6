import { Attr, batchSizeAt, Off } from '../../protocol/records/batch-header.js';
import { decodeRecordBatch, encodeRecordBatch, type RecordBatch } from '../../protocol/records/record-batch.js';
import type { KafkaRecord } from '../../protocol/records/record.js';
import type { OffsetMap } from './offset-map.js';

export interface CleanOptions {
  /** Latest offset per key over the dirty part of the log. */
  offsets: OffsetMap;
  /**
   * Tombstones (null values) of these batches may be dropped: their segment was last written
   * more than delete.retention.ms ago, so every reader that started before has seen them.
   */
  dropTombstones: boolean;
  /**
   * Hook for aborted-transaction removal: true when the batch belongs to a transaction that was
   * aborted, so its records can go (Kafka drops them once the abort marker is known). The txn
   * branch supplies it from the log's aborted-transaction index; until then nothing is aborted.
   */
  isAborted?: (batch: RecordBatch) => boolean;
}

export interface CleanResult {
  /** The kept batches, laid end to end, offsets unchanged. */
  batches: Buffer;
  recordsIn: number;
  recordsKept: number;
  /** Tombstones among the kept records: they wait for delete.retention.ms, then a later clean drops them. */
  tombstonesKept: number;
}

function keep(r: KafkaRecord, options: CleanOptions): boolean {
  // A keyless record cannot be in a compacted topic (produce refuses it); keep it rather than guess.
  if (r.key === null) return true;
  const latest = options.offsets.latestOffset(r.key);
  if (latest !== undefined && r.offset < latest) return false;
  return r.value !== null || !options.dropTombstones;
}

/**
 * Rewrites one run of batches keeping the latest record of each key, as Kafka's log cleaner
 * does. Offsets are never changed: a cleaned batch keeps its base offset and last offset delta,
 * its records their offset deltas, so readers see gaps, never renumbering. Control batches
 * (transaction markers) are kept whole. A batch whose every record is kept is copied byte for
 * byte; one with nothing left is dropped, except the batch of an idempotent producer, kept
 * empty so that its producer id, epoch and last sequence survive for duplicate detection.
 */
export function cleanBatches(input: Buffer, options: CleanOptions): CleanResult {
  const out: Buffer[] = [];
  let recordsIn = 0;
  let recordsKept = 0;
  let tombstonesKept = 0;
  for (let at = 0; at < input.length; at += batchSizeAt(input, at)) {
    const raw = input.subarray(at, at + batchSizeAt(input, at));
    if ((raw.readInt16BE(Off.attributes) & Attr.control) !== 0) {
      out.push(raw);
      continue;
    }
    const batch = decodeRecordBatch(raw);
    recordsIn += batch.records.length;
    const aborted = options.isAborted?.(batch) ?? false;
    const kept = aborted ? [] : batch.records.filter((r) => keep(r, options));
    recordsKept += kept.length;
    tombstonesKept += kept.filter((r) => r.value === null).length;
    if (kept.length === batch.records.length) {
      out.push(raw);
      continue;
    }
    if (kept.length === 0 && batch.producerId < 0) continue;
    out.push(reencode(batch, kept));
  }
  return { batches: Buffer.concat(out), recordsIn, recordsKept, tombstonesKept };
}

/** The batch again with only `kept`, its header fields (offsets, producer, times) as they were. */
function reencode(batch: RecordBatch, kept: KafkaRecord[]): Buffer {
  return encodeRecordBatch({
    baseOffset: batch.baseOffset,
    partitionLeaderEpoch: batch.partitionLeaderEpoch,
    compression: batch.compression,
    timestampType: batch.timestampType,
    isTransactional: batch.isTransactional,
    producerId: batch.producerId,
    producerEpoch: batch.producerEpoch,
    baseSequence: batch.baseSequence,
    baseTimestamp: batch.baseTimestamp,
    maxTimestamp: batch.maxTimestamp,
    lastOffsetDelta: batch.lastOffsetDelta,
    records: kept.map((r) => ({ key: r.key, value: r.value, headers: r.headers, timestamp: r.timestamp, offsetDelta: r.offsetDelta })),
  });
}
