import { ListPartitionReassignments } from '../../protocol/apis.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import type { ApiHandler } from './types.js';

/** ListPartitionReassignments: a single node never moves replicas, so none is in progress. */
export const listPartitionReassignmentsHandler: ApiHandler<typeof ListPartitionReassignments, 0, 0> = {
  spec: ListPartitionReassignments,
  minVersion: 0,
  maxVersion: 0,
  handle(_body, req, ctx) {
    if (!ctx.access.allowsOnCluster(req.requester, 'DESCRIBE')) return { throttleTimeMs: 0, errorCode: ErrorCode.CLUSTER_AUTHORIZATION_FAILED, errorMessage: 'Cluster authorization failed.', topics: [] };
    return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, errorMessage: null, topics: [] };
  },
};
