import { CreateTopics } from '../../protocol/apis.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import type { Request } from '../../protocol/message-types.js';
import { describeTopicConfigs } from '../configs/describe-topic-configs.js';
import { TopicError } from '../topics.js';
import { tooManyPartitions, TOO_MANY_PARTITIONS } from './partitions-per-request.js';
import type { ApiHandler, BrokerContext, RequestInfo } from './types.js';

type CreatableTopic = Request<typeof CreateTopics, 0, 7>['topics'][number];

function configsOf(t: CreatableTopic): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of t.configs ?? []) if (c.value !== null) out[c.name] = c.value;
  return out;
}

function partitionCount(t: CreatableTopic, ctx: BrokerContext): number {
  if (t.assignments?.length > 0) return t.assignments.length;
  return t.numPartitions === -1 ? ctx.options.defaultPartitions : t.numPartitions;
}

function resultOf(t: CreatableTopic) {
  return (errorCode: number, errorMessage: string | null, extra: object = {}) => ({
    name: t.name,
    topicId: Buffer.alloc(16),
    errorCode,
    errorMessage,
    numPartitions: -1,
    replicationFactor: -1,
    // Kafka 4.4 answers a refused topic with an empty config list, not a null one.
    configs: [],
    ...extra,
  });
}

function createOne(t: CreatableTopic, validateOnly: boolean, req: RequestInfo, ctx: BrokerContext) {
  const result = resultOf(t);
  // CREATE on the cluster, or on the topic, as Kafka asks.
  if (!ctx.access.allowsOnCluster(req.requester, 'CREATE') && !ctx.access.allows(req.requester, 'CREATE', 'TOPIC', t.name)) {
    return result(ErrorCode.TOPIC_AUTHORIZATION_FAILED, 'Authorization failed.');
  }
  if (t.replicationFactor > 1) {
    // Kafka 4.4's words for it, held to them by the differential test: the embedded broker is one node.
    const why = `The target replication factor of ${t.replicationFactor} cannot be reached because only 1 broker(s) are registered or some brokers have all their log directories cordoned.`;
    return result(ErrorCode.INVALID_REPLICATION_FACTOR, `Unable to replicate the partition ${t.replicationFactor} time(s): ${why}`);
  }
  const partitions = partitionCount(t, ctx);
  const configs = configsOf(t);
  try {
    if (validateOnly) ctx.topics.validate(t.name, partitions, configs);
    const topic = validateOnly ? null : ctx.topics.create(t.name, partitions, configs);
    return result(ErrorCode.NONE, null, {
      topicId: topic?.id ?? Buffer.alloc(16),
      numPartitions: partitions,
      replicationFactor: 1,
      // As Kafka (v5+): every config the new topic has, its own and the broker's.
      configs: describeTopicConfigs(configs, ctx.topics.brokerConfigs).map((c) => ({
        name: c.name,
        value: c.value,
        readOnly: c.readOnly,
        configSource: c.source,
        isSensitive: c.isSensitive,
      })),
    });
  } catch (err) {
    if (err instanceof TopicError) return result(err.code, err.message);
    throw err;
  }
}

export const createTopicsHandler: ApiHandler<typeof CreateTopics, 0, 7> = {
  spec: CreateTopics,
  minVersion: 0,
  maxVersion: 7,
  handle(body, req, ctx) {
    if (tooManyPartitions(body.topics.map((t) => partitionCount(t, ctx)))) {
      return { throttleTimeMs: 0, topics: body.topics.map((t) => resultOf(t)(ErrorCode.POLICY_VIOLATION, TOO_MANY_PARTITIONS)) };
    }
    return { throttleTimeMs: 0, topics: body.topics.map((t) => createOne(t, body.validateOnly, req, ctx)) };
  },
};
