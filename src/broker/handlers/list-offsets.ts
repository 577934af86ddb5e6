import { ListOffsets } from '../../protocol/apis.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { recordOffsetForTimestamp } from '../offsets-for-times.js';
import { READ_COMMITTED } from '../txn/read-committed.js';
import { oldStyleOffsets } from './list-offsets-v0.js';
import type { ApiHandler } from './types.js';

const LATEST = -1;
const EARLIEST = -2;

export const listOffsetsHandler: ApiHandler<typeof ListOffsets, 0, 5> = {
  spec: ListOffsets,
  minVersion: 0,
  maxVersion: 5,
  handle(body, req, ctx) {
    const topics = body.topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) => {
        const base = { partitionIndex: p.partitionIndex, oldStyleOffsets: [], leaderEpoch: 0 };
        if (!ctx.access.allows(req.requester, 'DESCRIBE', 'TOPIC', t.name)) return { ...base, errorCode: ErrorCode.TOPIC_AUTHORIZATION_FAILED, timestamp: -1, offset: -1, leaderEpoch: -1 };
        const log = ctx.topics.partition(t.name, p.partitionIndex);
        if (log && req.apiVersion === 0) return { ...base, ...oldStyleOffsets(log, p.timestamp, p.maxNumOffsets) };
        if (!log) return { ...base, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, timestamp: -1, offset: -1, leaderEpoch: -1 };
        if (p.timestamp === LATEST) {
          const offset = body.isolationLevel === READ_COMMITTED ? ctx.txnPartitions.lastStableOffset(log) : log.logEndOffset;
          return { ...base, errorCode: ErrorCode.NONE, timestamp: -1, offset };
        }
        if (p.timestamp === EARLIEST) return { ...base, errorCode: ErrorCode.NONE, timestamp: -1, offset: log.logStartOffset };
        const found = recordOffsetForTimestamp(log, p.timestamp);
        return found
          ? { ...base, errorCode: ErrorCode.NONE, timestamp: found.timestamp, offset: found.offset }
          : { ...base, errorCode: ErrorCode.NONE, timestamp: -1, offset: -1, leaderEpoch: -1 };
      }),
    }));
    return { throttleTimeMs: 0, topics };
  },
};
