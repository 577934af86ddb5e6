import { Metadata } from '../../protocol/apis.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { CLUSTER_NAME } from '../acl/acl-codes.js';
import { TopicError, type Topic } from '../topics.js';
import { authorizedOperations, NOT_ASKED } from './authorized-operations.js';
import type { ApiHandler, BrokerContext, RequestInfo } from './types.js';

function describeTopic(t: Topic, ctx: BrokerContext, topicAuthorizedOperations: number) {
  return {
    errorCode: ErrorCode.NONE,
    name: t.name,
    topicId: t.id,
    isInternal: t.internal,
    partitions: t.partitions.map((_, p) => ({
      errorCode: ErrorCode.NONE,
      partitionIndex: p,
      leaderId: ctx.nodeId,
      leaderEpoch: 0,
      replicaNodes: [ctx.nodeId],
      isrNodes: [ctx.nodeId],
      offlineReplicas: [],
    })),
    topicAuthorizedOperations,
  };
}

function missingTopic(name: string, errorCode: number) {
  return { errorCode, name, isInternal: false, partitions: [], topicAuthorizedOperations: NOT_ASKED };
}

/** A named topic, created when asked and allowed; Kafka's order: DESCRIBE first (a denied topic is not even looked up), then CREATE for one that is missing. */
function lookupOrCreate(name: string, allowAutoCreate: boolean, req: RequestInfo, ctx: BrokerContext, ops: (name: string) => number) {
  if (!ctx.access.allows(req.requester, 'DESCRIBE', 'TOPIC', name)) return missingTopic(name, ErrorCode.TOPIC_AUTHORIZATION_FAILED);
  const existing = ctx.topics.get(name);
  if (existing) return describeTopic(existing, ctx, ops(name));
  // Names starting with "__" belong to internal topics (__consumer_offsets), which the broker creates itself with their own settings.
  const reserved = name.startsWith('__');
  if (!allowAutoCreate || !ctx.options.autoCreateTopics || reserved) return missingTopic(name, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  if (!ctx.access.allowsOnCluster(req.requester, 'CREATE') && !ctx.access.allows(req.requester, 'CREATE', 'TOPIC', name)) return missingTopic(name, ErrorCode.TOPIC_AUTHORIZATION_FAILED);
  try {
    return describeTopic(ctx.topics.create(name, ctx.options.defaultPartitions), ctx, ops(name));
  } catch (err) {
    if (err instanceof TopicError) return missingTopic(name, err.code);
    throw err;
  }
}

/** Kafka's order: the topics described, then those refused CREATE, then those refused DESCRIBE. */
function kafkaOrder<T extends { name: string; errorCode: number }>(topics: T[], describable: (name: string) => boolean): T[] {
  const refused = topics.filter((t) => t.errorCode === ErrorCode.TOPIC_AUTHORIZATION_FAILED);
  return [...topics.filter((t) => !refused.includes(t)), ...refused.filter((t) => describable(t.name)), ...refused.filter((t) => !describable(t.name))];
}

export const metadataHandler: ApiHandler<typeof Metadata, 0, 9> = {
  spec: Metadata,
  // v0 stays: kafka-python 2.0.2 pipelines a Metadata v0 behind its ApiVersions probe, and a connection
  // closed for it can lose the ApiVersions answer, after which kafka-python takes the broker for 0.9.
  minVersion: 0,
  maxVersion: 9,
  handle(body, req, ctx) {
    const requested: { name: string | null }[] | null = body.topics;
    const ops = (name: string) => authorizedOperations(body.includeTopicAuthorizedOperations ?? false, req, ctx, 'TOPIC', name);
    // v0 has no null array: an empty one asks for every topic. Of all topics, those the client may not DESCRIBE are left out unsaid.
    const topics =
      requested === null || (req.apiVersion === 0 && requested.length === 0)
        ? ctx.topics
            .all()
            .filter((t) => ctx.access.allows(req.requester, 'DESCRIBE', 'TOPIC', t.name))
            .map((t) => describeTopic(t, ctx, ops(t.name)))
        : kafkaOrder(requested.map((t) => lookupOrCreate(t.name ?? '', body.allowAutoTopicCreation, req, ctx, ops)), (name) => ctx.access.allows(req.requester, 'DESCRIBE', 'TOPIC', name));
    return {
      throttleTimeMs: 0,
      brokers: [{ nodeId: ctx.nodeId, ...req.listener, rack: null }],
      clusterId: ctx.clusterId,
      controllerId: ctx.nodeId,
      topics,
      clusterAuthorizedOperations: authorizedOperations(body.includeClusterAuthorizedOperations ?? false, req, ctx, 'CLUSTER', CLUSTER_NAME),
    };
  },
};
