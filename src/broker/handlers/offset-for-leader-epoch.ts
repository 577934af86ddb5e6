import { OffsetForLeaderEpoch } from '../../protocol/apis.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import type { ApiHandler, BrokerContext } from './types.js';

/** Every partition has had one leader, this node, since offset 0: epoch 0 (what Metadata reports). */
const LEADER_EPOCH = 0;
const UNDEFINED = -1;

function endOffsetFor(topic: string, partition: number, currentLeaderEpoch: number, leaderEpoch: number, ctx: BrokerContext) {
  const log = ctx.topics.partition(topic, partition);
  const result = (errorCode: number, epoch = UNDEFINED, endOffset = UNDEFINED) => ({ errorCode, partition, leaderEpoch: epoch, endOffset });
  if (!log) return result(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  // A client ahead of the broker's epoch has seen a leader this broker does not know; one behind it, a stale one.
  if (currentLeaderEpoch > LEADER_EPOCH) return result(ErrorCode.UNKNOWN_LEADER_EPOCH);
  if (currentLeaderEpoch !== UNDEFINED && currentLeaderEpoch < LEADER_EPOCH) return result(ErrorCode.FENCED_LEADER_EPOCH);
  // The only epoch ends at the log end; a later one is unknown (Kafka answers undefined epoch and offset).
  if (leaderEpoch > LEADER_EPOCH) return result(ErrorCode.NONE);
  return result(ErrorCode.NONE, LEADER_EPOCH, log.logEndOffset);
}

/** OffsetForLeaderEpoch: where each asked epoch ends, which consumers use to detect log truncation (KIP-320). */
export const offsetForLeaderEpochHandler: ApiHandler<typeof OffsetForLeaderEpoch, 2, 4> = {
  spec: OffsetForLeaderEpoch,
  minVersion: 2,
  maxVersion: 4,
  handle(body, req, ctx) {
    return {
      throttleTimeMs: 0,
      topics: body.topics.map((t) => ({
        topic: t.topic,
        partitions: t.partitions.map((p) =>
          ctx.access.allows(req.requester, 'DESCRIBE', 'TOPIC', t.topic)
            ? endOffsetFor(t.topic, p.partition, p.currentLeaderEpoch, p.leaderEpoch, ctx)
            : { errorCode: ErrorCode.TOPIC_AUTHORIZATION_FAILED, partition: p.partition, leaderEpoch: -1, endOffset: -1 },
        ),
      })),
    };
  },
};
