import { DescribeCluster } from '../../protocol/apis.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { CLUSTER_NAME } from '../acl/acl-codes.js';
import { authorizedOperations } from './authorized-operations.js';
import type { ApiHandler } from './types.js';

/** Brokers are the endpoint type 1; 2 asks for controllers, which clients reach only on a controller's own listener. */
const BROKERS = 1;
const CONTROLLERS = 2;
const MISMATCHED_ENDPOINT_TYPE = 112;
const UNSUPPORTED_ENDPOINT_TYPE = 113;

/** DescribeCluster: the single node, which is also what clients are told is the controller (as Kafka's KRaft brokers answer). */
export const describeClusterHandler: ApiHandler<typeof DescribeCluster, 0, 2> = {
  spec: DescribeCluster,
  minVersion: 0,
  maxVersion: 2,
  handle(body, req, ctx) {
    const base = { throttleTimeMs: 0, endpointType: body.endpointType, clusterId: ctx.clusterId };
    if (body.endpointType !== BROKERS) {
      const errorCode = body.endpointType === CONTROLLERS ? MISMATCHED_ENDPOINT_TYPE : UNSUPPORTED_ENDPOINT_TYPE;
      const errorMessage = `The embedded broker answers DescribeCluster for brokers (endpoint type 1) only, not type ${body.endpointType}`;
      return { ...base, errorCode, errorMessage, controllerId: -1, brokers: [], clusterAuthorizedOperations: -2147483648 };
    }
    return {
      ...base,
      errorCode: ErrorCode.NONE,
      errorMessage: null,
      controllerId: ctx.nodeId,
      brokers: [{ brokerId: ctx.nodeId, ...req.listener, rack: null, isFenced: false }],
      clusterAuthorizedOperations: authorizedOperations(body.includeClusterAuthorizedOperations, req, ctx, 'CLUSTER', CLUSTER_NAME),
    };
  },
};
