import { DeleteRecords } from '../../protocol/apis.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { LogStorageError, OffsetOutOfRangeError } from '../log/errors.js';
import type { ApiHandler, BrokerContext } from './types.js';

/** An offset of -1 asks Kafka to delete up to the high watermark. */
const HIGH_WATERMARK = -1;

function deleteBefore(topic: string, partitionIndex: number, offset: number, ctx: BrokerContext) {
  const log = ctx.topics.partition(topic, partitionIndex);
  if (!log) return { partitionIndex, lowWatermark: -1, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION };
  // As Kafka: the broker's own topics (committed offsets) are not the client's to trim.
  if (ctx.topics.get(topic)?.internal) return { partitionIndex, lowWatermark: -1, errorCode: ErrorCode.INVALID_TOPIC_EXCEPTION };
  try {
    const lowWatermark = log.deleteRecordsBefore(offset === HIGH_WATERMARK ? log.logEndOffset : offset);
    return { partitionIndex, lowWatermark, errorCode: ErrorCode.NONE };
  } catch (err) {
    if (err instanceof OffsetOutOfRangeError) return { partitionIndex, lowWatermark: -1, errorCode: ErrorCode.OFFSET_OUT_OF_RANGE };
    // The whole segments below the offset are gone all the same; the start inside the first one could not be recorded.
    if (err instanceof LogStorageError) return { partitionIndex, lowWatermark: log.logStartOffset, errorCode: ErrorCode.KAFKA_STORAGE_ERROR };
    throw err;
  }
}

/** DeleteRecords: moves each partition's log start forward; Fetch below it then answers OFFSET_OUT_OF_RANGE. */
export const deleteRecordsHandler: ApiHandler<typeof DeleteRecords, 0, 2> = {
  spec: DeleteRecords,
  minVersion: 0,
  maxVersion: 2,
  handle(body, req, ctx) {
    const topics = body.topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) =>
        ctx.access.allows(req.requester, 'DELETE', 'TOPIC', t.name) ? deleteBefore(t.name, p.partitionIndex, p.offset, ctx) : { partitionIndex: p.partitionIndex, lowWatermark: -1, errorCode: ErrorCode.TOPIC_AUTHORIZATION_FAILED },
      ),
    }));
    ctx.logger.info({ peer: req.peer, topics: topics.map((t) => t.name) }, 'records deleted');
    return { throttleTimeMs: 0, topics };
  },
};
