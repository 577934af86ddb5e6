import { ElectLeaders } from '../../protocol/apis.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import type { ApiHandler, BrokerContext } from './types.js';

/**
 * ElectLeaders: every partition is already led by its only replica, so, as Kafka
 * answers for a partition whose preferred leader leads, nothing needs electing.
 * Asked for every partition (null), Kafka lists only those it elected: none.
 */
function resultFor(topic: string, partitionId: number, ctx: BrokerContext) {
  if (!ctx.topics.partition(topic, partitionId)) {
    return { partitionId, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, errorMessage: `No partition ${topic}-${partitionId}` };
  }
  return { partitionId, errorCode: ErrorCode.ELECTION_NOT_NEEDED, errorMessage: 'Leader election not needed for topic partition: the single node already leads it' };
}

export const electLeadersHandler: ApiHandler<typeof ElectLeaders, 0, 2> = {
  spec: ElectLeaders,
  minVersion: 0,
  maxVersion: 2,
  handle(body, req, ctx) {
    if (!ctx.access.allowsOnCluster(req.requester, 'ALTER')) return { throttleTimeMs: 0, errorCode: ErrorCode.CLUSTER_AUTHORIZATION_FAILED, replicaElectionResults: [] };
    const replicaElectionResults = (body.topicPartitions ?? []).map((t) => ({
      topic: t.topic,
      partitionResult: t.partitions.map((p) => resultFor(t.topic, p, ctx)),
    }));
    return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, replicaElectionResults };
  },
};
