import { BATCH_LOG_OVERHEAD, Off, readBatchHeader } from '../protocol/records/batch-header.js';
import { CorruptCompressedDataError } from '../protocol/records/compression/errors.js';
import { CorruptBatchError } from '../protocol/records/errors.js';
import { decodeRecordBatch } from '../protocol/records/record-batch.js';
import type { PartitionLog } from './log/partition-log.js';
import type { TimestampMatch } from './log/log-segment.js';

/**
 * ListOffsets by timestamp as Kafka answers it: the first *record* at or
 * after `timestamp` from the log start, with its own offset and timestamp,
 * not the base offset of the batch holding it. The log's indexes find the
 * batch; this decodes batches from there (one, unless records before the log
 * start or earlier in the batch are all that reach the timestamp).
 */
export function recordOffsetForTimestamp(log: PartitionLog, timestamp: number): TimestampMatch | null {
  const found = log.offsetForTimestamp(timestamp);
  if (!found) return null;
  const start = log.logStartOffset;
  let offset = Math.max(found.offset, start);
  while (offset < log.logEndOffset) {
    const raw = firstBatch(log.read(offset, 1));
    let batch: ReturnType<typeof decodeRecordBatch>;
    try {
      batch = decodeRecordBatch(raw);
    } catch (err) {
      if (!(err instanceof CorruptBatchError || err instanceof CorruptCompressedDataError)) throw err;
      // Records whose compressed body does not read (its CRC held when it was stored): the batch's header still says where and when it is.
      const h = readBatchHeader(raw);
      if (h.maxTimestamp >= timestamp) return { offset: Math.max(h.baseOffset, start), timestamp: h.maxTimestamp };
      offset = h.baseOffset + h.lastOffsetDelta + 1;
      continue;
    }
    if (batch.maxTimestamp >= timestamp) {
      const rec = batch.records.find((r) => r.timestamp >= timestamp && r.offset >= start);
      if (rec) return { offset: rec.offset, timestamp: rec.timestamp };
    }
    offset = batch.baseOffset + batch.lastOffsetDelta + 1;
  }
  return null;
}

/** `read` returns at least one whole batch; decode only that one. */
function firstBatch(bytes: Buffer): Buffer {
  return bytes.subarray(0, BATCH_LOG_OVERHEAD + bytes.readInt32BE(Off.batchLength));
}
