import { ErrorCode } from '../../protocol/error-codes.js';
import type { BrokerScope } from '../configs/broker-configs.js';
import { ResourceType } from '../configs/config-sources.js';
import type { Topic } from '../topics.js';
import type { BrokerContext, RequestInfo } from './types.js';

/** A config resource a request names, resolved, or the error to answer for it. */
export type ConfigResource =
  | { kind: 'topic'; topic: Topic }
  | { kind: 'broker'; scope: BrokerScope }
  | { kind: 'error'; errorCode: number; errorMessage: string };

/**
 * Resolves the (resourceType, resourceName) of DescribeConfigs, AlterConfigs and IncrementalAlterConfigs,
 * once the requester is allowed the operation on it: on the topic, or on the cluster for broker resources.
 */
export function configResource(type: number, name: string, operation: 'DESCRIBE_CONFIGS' | 'ALTER_CONFIGS', req: RequestInfo, ctx: BrokerContext): ConfigResource {
  const denied = (errorCode: number) => ({ kind: 'error' as const, errorCode, errorMessage: `${req.requester.principal} may not ${operation} ${type === ResourceType.TOPIC ? `topic ${name}` : 'the cluster'}` });
  if (type === ResourceType.TOPIC && !ctx.access.allows(req.requester, operation, 'TOPIC', name)) return denied(ErrorCode.TOPIC_AUTHORIZATION_FAILED);
  if ((type === ResourceType.BROKER || type === ResourceType.BROKER_LOGGER) && !ctx.access.allowsOnCluster(req.requester, operation)) return denied(ErrorCode.CLUSTER_AUTHORIZATION_FAILED);
  if (type === ResourceType.TOPIC) {
    const topic = ctx.topics.get(name);
    if (!topic) return { kind: 'error', errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, errorMessage: `Topic ${name} does not exist; create it first (CreateTopics)` };
    return { kind: 'topic', topic };
  }
  if (type === ResourceType.BROKER) {
    if (name === '') return { kind: 'broker', scope: 'cluster' };
    if (name === String(ctx.nodeId)) return { kind: 'broker', scope: 'node' };
    return { kind: 'error', errorCode: ErrorCode.INVALID_REQUEST, errorMessage: `Broker ${name} is not this broker; the embedded broker is node ${ctx.nodeId} (or use an empty name for the cluster default)` };
  }
  if (type === ResourceType.BROKER_LOGGER) {
    return { kind: 'error', errorCode: ErrorCode.INVALID_REQUEST, errorMessage: 'Broker loggers are not configurable here: the embedded broker logs through pino, set its level when starting it' };
  }
  return { kind: 'error', errorCode: ErrorCode.INVALID_REQUEST, errorMessage: `Unsupported config resource type ${type}; use TOPIC (2) or BROKER (4)` };
}
