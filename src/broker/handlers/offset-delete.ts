import { OffsetDelete } from '../../protocol/apis.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import type { ApiHandler } from './types.js';

export const offsetDeleteHandler: ApiHandler<typeof OffsetDelete, 0, 0> = {
  spec: OffsetDelete,
  minVersion: 0,
  maxVersion: 0,
  handle(body, req, ctx) {
    // DELETE on the group, then READ on each topic, as Kafka asks.
    if (!ctx.access.allows(req.requester, 'DELETE', 'GROUP', body.groupId)) return { throttleTimeMs: 0, errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED, topics: [] };
    const topics = body.topics.map((t) => ({ name: t.name, partitions: t.partitions.map((p) => p.partitionIndex) }));
    const readable = (name: string) => ctx.access.allows(req.requester, 'READ', 'TOPIC', name);
    const r = ctx.groups.deleteOffsets(body.groupId, topics.filter((t) => readable(t.name)), (name) => ctx.topics.get(name) !== undefined);
    const denied = topics.filter((t) => !readable(t.name)).map((t) => ({ name: t.name, partitions: t.partitions.map((partitionIndex) => ({ partitionIndex, errorCode: ErrorCode.TOPIC_AUTHORIZATION_FAILED })) }));
    return { throttleTimeMs: 0, errorCode: r.errorCode, topics: r.errorCode === ErrorCode.NONE ? [...r.topics, ...denied] : r.topics };
  },
};
