import { AlterPartitionReassignments } from '../../protocol/apis.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import type { ApiHandler, BrokerContext } from './types.js';

/**
 * AlterPartitionReassignments: the single node holds every replica, so a move
 * elsewhere is refused (INVALID_REPLICA_ASSIGNMENT, saying why); asking for the
 * replicas it already has is, as on Kafka, nothing to do, and cancelling (null
 * replicas) finds no reassignment in progress.
 */
function resultFor(topic: string, partitionIndex: number, replicas: number[] | null, ctx: BrokerContext) {
  if (!ctx.topics.partition(topic, partitionIndex)) {
    return { partitionIndex, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, errorMessage: `No partition ${topic}-${partitionIndex}` };
  }
  if (replicas === null) {
    return { partitionIndex, errorCode: ErrorCode.NO_REASSIGNMENT_IN_PROGRESS, errorMessage: `No reassignment of ${topic}-${partitionIndex} is in progress to cancel` };
  }
  if (replicas.length === 1 && replicas[0] === ctx.nodeId) return { partitionIndex, errorCode: ErrorCode.NONE, errorMessage: null };
  return {
    partitionIndex,
    errorCode: ErrorCode.INVALID_REPLICA_ASSIGNMENT,
    errorMessage: `Cannot move ${topic}-${partitionIndex} to replicas [${replicas.join(', ')}]: the embedded broker is the single node ${ctx.nodeId}, which holds every partition; use a Kafka cluster to reassign`,
  };
}

export const alterPartitionReassignmentsHandler: ApiHandler<typeof AlterPartitionReassignments, 0, 1> = {
  spec: AlterPartitionReassignments,
  minVersion: 0,
  maxVersion: 1,
  handle(body, req, ctx) {
    if (!ctx.access.allowsOnCluster(req.requester, 'ALTER')) {
      return { throttleTimeMs: 0, allowReplicationFactorChange: body.allowReplicationFactorChange, errorCode: ErrorCode.CLUSTER_AUTHORIZATION_FAILED, errorMessage: 'Cluster authorization failed.', responses: [] };
    }
    return {
      throttleTimeMs: 0,
      allowReplicationFactorChange: body.allowReplicationFactorChange,
      errorCode: ErrorCode.NONE,
      errorMessage: null,
      responses: body.topics.map((t) => ({ name: t.name, partitions: t.partitions.map((p) => resultFor(t.name, p.partitionIndex, p.replicas, ctx)) })),
    };
  },
};
