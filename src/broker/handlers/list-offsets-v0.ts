import { ErrorCode } from '../../protocol/error-codes.js';
import type { PartitionLog } from '../log/partition-log.js';
import { recordOffsetForTimestamp } from '../offsets-for-times.js';

const LATEST = -1;
const EARLIEST = -2;

/**
 * ListOffsets v0 (Kafka 0.8-0.9's OffsetRequest) answers up to maxNumOffsets
 * offsets, newest first: the log end and the log start for "latest", the log
 * start for "earliest", and for a time the first offset at or after it (the
 * log end when none is). Old clients ask for one and take the first.
 */
export function oldStyleOffsets(log: PartitionLog, timestamp: number, maxNumOffsets: number) {
  let offsets: number[];
  if (timestamp === LATEST) offsets = log.logEndOffset === log.logStartOffset ? [log.logEndOffset] : [log.logEndOffset, log.logStartOffset];
  else if (timestamp === EARLIEST) offsets = [log.logStartOffset];
  else offsets = [recordOffsetForTimestamp(log, timestamp)?.offset ?? log.logEndOffset];
  return { errorCode: ErrorCode.NONE, oldStyleOffsets: offsets.slice(0, Math.max(0, maxNumOffsets)), timestamp: -1, offset: -1 };
}
