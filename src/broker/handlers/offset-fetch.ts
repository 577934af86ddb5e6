import { OffsetFetch } from '../../protocol/apis.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import type { FetchedTopic } from '../groups/coordinator.js';
import type { ApiHandler, BrokerContext, RequestInfo } from './types.js';

type Requested = { name: string; partitionIndexes: number[] }[] | null;

/** Set for require_stable (v7+): says whether an open transaction holds an offset for a partition. */
type Unstable = ((topic: string, partition: number) => boolean) | null;

function partitionsOf(t: FetchedTopic, errorCode: number, unstable: Unstable = null) {
  return t.partitions.map((p) =>
    unstable?.(t.name, p.partition)
      ? { partitionIndex: p.partition, committedOffset: -1, committedLeaderEpoch: -1, metadata: '', errorCode: ErrorCode.UNSTABLE_OFFSET_COMMIT }
      : { partitionIndex: p.partition, committedOffset: p.offset, committedLeaderEpoch: p.leaderEpoch, metadata: p.metadata, errorCode },
  );
}

function unstableIn(groupId: string, requireStable: boolean | undefined, ctx: BrokerContext): Unstable {
  return requireStable ? (topic, partition) => ctx.txn.hasPendingOffset(groupId, topic, partition) : null;
}

/**
 * Needs DESCRIBE on the group; a topic the client may not DESCRIBE is answered TOPIC_AUTHORIZATION_FAILED
 * when named, and left out when all the group's offsets are asked for, as in Kafka.
 */
function fetchGroup(groupId: string, requested: Requested, req: RequestInfo, ctx: BrokerContext) {
  if (!ctx.access.allows(req.requester, 'DESCRIBE', 'GROUP', groupId)) return { errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED, topics: [], denied: [] };
  const visible = (topic: string) => ctx.access.allows(req.requester, 'DESCRIBE', 'TOPIC', topic);
  const r = ctx.groups.fetchOffsets(groupId, requested && requested.filter((t) => visible(t.name)).map((t) => ({ name: t.name, partitions: t.partitionIndexes })));
  const denied = (requested ?? []).filter((t) => !visible(t.name));
  return { errorCode: r.errorCode, topics: r.errorCode === ErrorCode.NONE ? r.topics.filter((t) => visible(t.name)) : r.topics, denied };
}

function deniedTopics(denied: { name: string; partitionIndexes: number[] }[]) {
  return denied.map((t) => ({
    name: t.name,
    partitions: t.partitionIndexes.map((partitionIndex) => ({ partitionIndex, committedOffset: -1, committedLeaderEpoch: -1, metadata: '', errorCode: ErrorCode.TOPIC_AUTHORIZATION_FAILED })),
  }));
}

/**
 * Unknown groups, topics and partitions are not errors: they answer offset -1,
 * as Kafka does. v8 asks for several groups at once; v1 has no top-level error
 * code, so a coordinator error goes on every requested partition.
 */
export const offsetFetchHandler: ApiHandler<typeof OffsetFetch, 0, 8> = {
  spec: OffsetFetch,
  minVersion: 0,
  maxVersion: 8,
  handle(body, req, ctx) {
    if (req.apiVersion >= 8) {
      return {
        throttleTimeMs: 0,
        groups: body.groups.map((g) => {
          const r = fetchGroup(g.groupId, g.topics, req, ctx);
          const unstable = unstableIn(g.groupId, body.requireStable, ctx);
          return { groupId: g.groupId, errorCode: r.errorCode, topics: [...r.topics.map((t) => ({ name: t.name, partitions: partitionsOf(t, ErrorCode.NONE, unstable) })), ...deniedTopics(r.denied)] };
        }),
      };
    }
    const r = fetchGroup(body.groupId, body.topics, req, ctx);
    if (r.errorCode !== ErrorCode.NONE && req.apiVersion < 2) {
      const failed: FetchedTopic[] = (body.topics as { name: string; partitionIndexes: number[] }[]).map((t) => ({
        name: t.name,
        partitions: t.partitionIndexes.map((partition) => ({ partition, offset: -1, leaderEpoch: -1, metadata: '' })),
      }));
      return { throttleTimeMs: 0, topics: failed.map((t) => ({ name: t.name, partitions: partitionsOf(t, r.errorCode) })), errorCode: r.errorCode };
    }
    const unstable = unstableIn(body.groupId, body.requireStable, ctx);
    return { throttleTimeMs: 0, errorCode: r.errorCode, topics: [...r.topics.map((t) => ({ name: t.name, partitions: partitionsOf(t, ErrorCode.NONE, unstable) })), ...deniedTopics(r.denied)] };
  },
};
