import { Metadata } from '../../protocol/apis.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { TopicError, type Topic } from '../topics.js';
import type { ApiHandler, BrokerContext } from './types.js';

const NO_AUTHORIZED_OPERATIONS = -2147483648;

export function describeTopic(t: Topic, ctx: BrokerContext) {
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
    topicAuthorizedOperations: NO_AUTHORIZED_OPERATIONS,
  };
}

function missingTopic(name: string, errorCode: number) {
  return { errorCode, name, isInternal: false, partitions: [], topicAuthorizedOperations: NO_AUTHORIZED_OPERATIONS };
}

function lookupOrCreate(name: string, allowAutoCreate: boolean, ctx: BrokerContext) {
  const existing = ctx.topics.get(name);
  if (existing) return describeTopic(existing, ctx);
  // Names starting with "__" belong to internal topics (__consumer_offsets), which the broker creates itself with their own settings.
  const reserved = name.startsWith('__');
  if (!allowAutoCreate || !ctx.options.autoCreateTopics || reserved) return missingTopic(name, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  try {
    return describeTopic(ctx.topics.create(name, ctx.options.defaultPartitions), ctx);
  } catch (err) {
    if (err instanceof TopicError) return missingTopic(name, err.code);
    throw err;
  }
}

export const metadataHandler: ApiHandler<typeof Metadata, 0, 9> = {
  spec: Metadata,
  // v0 stays: kafka-python 2.0.2 pipelines a Metadata v0 behind its ApiVersions probe, and a connection
  // closed for it can lose the ApiVersions answer, after which kafka-python takes the broker for 0.9.
  minVersion: 0,
  maxVersion: 9,
  handle(body, req, ctx) {
    const requested: { name: string | null }[] | null = body.topics;
    // v0 has no null array: an empty one asks for every topic.
    const topics =
      requested === null || (req.apiVersion === 0 && requested.length === 0)
        ? ctx.topics.all().map((t) => describeTopic(t, ctx))
        : requested.map((t) => lookupOrCreate(t.name ?? '', body.allowAutoTopicCreation, ctx));
    return {
      throttleTimeMs: 0,
      brokers: [{ nodeId: ctx.nodeId, ...req.listener, rack: null }],
      clusterId: ctx.clusterId,
      controllerId: ctx.nodeId,
      topics,
      clusterAuthorizedOperations: NO_AUTHORIZED_OPERATIONS,
    };
  },
};
