import { OffsetCommit } from '../../protocol/apis.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import type { Request } from '../../protocol/message-types.js';
import type { OffsetToCommit } from '../groups/coordinator.js';
import type { ApiHandler, BrokerContext, RequestInfo } from './types.js';

/** Kafka's offset.metadata.max.bytes default. */
const MAX_METADATA_BYTES = 4096;

type CommittedPartition = Request<typeof OffsetCommit, 0, 8>['topics'][number]['partitions'][number];

function partitionProblem(topic: string, p: CommittedPartition, req: RequestInfo, ctx: BrokerContext): number {
  if (!ctx.access.allows(req.requester, 'READ', 'TOPIC', topic)) return ErrorCode.TOPIC_AUTHORIZATION_FAILED;
  const t = ctx.topics.get(topic);
  if (!t || p.partitionIndex < 0 || p.partitionIndex >= t.partitions.length) return ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
  if (p.committedMetadata !== null && Buffer.byteLength(p.committedMetadata) > MAX_METADATA_BYTES) return ErrorCode.OFFSET_METADATA_TOO_LARGE;
  return ErrorCode.NONE;
}

/**
 * Needs READ on the group, and READ on each topic. Partitions that do not exist or carry oversized metadata get their own
 * error; the rest are committed together, or all refused with the group's
 * error (stale generation, unknown member, rebalance in progress...).
 */
export const offsetCommitHandler: ApiHandler<typeof OffsetCommit, 0, 8> = {
  spec: OffsetCommit,
  minVersion: 0,
  maxVersion: 8,
  handle(body, req, ctx) {
    if (!ctx.access.allows(req.requester, 'READ', 'GROUP', body.groupId)) {
      return { throttleTimeMs: 0, topics: body.topics.map((t) => ({ name: t.name, partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED })) })) };
    }
    const problems = body.topics.map((t) => t.partitions.map((p) => partitionProblem(t.name, p, req, ctx)));
    const valid: OffsetToCommit[] = [];
    body.topics.forEach((t, ti) =>
      t.partitions.forEach((p, pi) => {
        if (problems[ti][pi] !== ErrorCode.NONE) return;
        valid.push({ topic: t.name, partition: p.partitionIndex, offset: p.committedOffset, leaderEpoch: p.committedLeaderEpoch, metadata: p.committedMetadata ?? '' });
      }),
    );
    const groupError = ctx.groups.commit(body.groupId, body.memberId, body.groupInstanceId ?? null, body.generationId, valid);
    const answered = body.topics.map((t, ti) => ({
      name: t.name,
      partitions: t.partitions.map((p, pi) => ({
        partitionIndex: p.partitionIndex,
        errorCode: problems[ti][pi] !== ErrorCode.NONE ? problems[ti][pi] : groupError,
      })),
    }));
    // As Kafka: the topics refused by the ACLs come first, then the rest in request order.
    const denied = (t: (typeof answered)[number]) => t.partitions.every((p) => p.errorCode === ErrorCode.TOPIC_AUTHORIZATION_FAILED);
    return { throttleTimeMs: 0, topics: [...answered.filter(denied), ...answered.filter((t) => !denied(t))] };
  },
};
