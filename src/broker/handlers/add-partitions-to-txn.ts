import { AddPartitionsToTxn } from '../../protocol/apis.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { fencedForVersion } from '../txn/fenced-error.js';
import { hasPartition, type TopicPartition } from '../txn/txn-metadata.js';
import type { ApiHandler, BrokerContext, RequestInfo } from './types.js';

const FIRST_FENCED_VERSION = 2;
const FIRST_BATCHED_VERSION = 4;

interface Topics {
  name: string;
  partitions: number[];
}

interface TopicResult {
  name: string;
  resultsByPartition: { partitionIndex: number; partitionErrorCode: number }[];
}

function everyPartition(topics: Topics[], code: (topic: string, partition: number) => number): TopicResult[] {
  return topics.map((t) => ({ name: t.name, resultsByPartition: t.partitions.map((p) => ({ partitionIndex: p, partitionErrorCode: code(t.name, p) })) }));
}

/**
 * One transaction's partitions: all added, or none. As in Kafka, a partition
 * that does not exist gets UNKNOWN_TOPIC_OR_PARTITION and the others
 * OPERATION_NOT_ATTEMPTED; a coordinator error goes on every partition.
 * verifyOnly (KIP-890, sent by brokers) only says which partitions the transaction has.
 */
function addOne(transactionalId: string, producerId: number, producerEpoch: number, topics: Topics[], verifyOnly: boolean, req: RequestInfo, ctx: BrokerContext): TopicResult[] {
  const version = req.apiVersion;
  // WRITE on the transactional id, then on each topic: a topic denied gets TOPIC_AUTHORIZATION_FAILED and the others OPERATION_NOT_ATTEMPTED, as in Kafka.
  if (!ctx.access.allows(req.requester, 'WRITE', 'TRANSACTIONAL_ID', transactionalId)) return everyPartition(topics, () => ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED);
  const denied = new Set(topics.map((t) => t.name).filter((name) => !ctx.access.allows(req.requester, 'WRITE', 'TOPIC', name)));
  if (denied.size > 0) return everyPartition(topics, (t) => (denied.has(t) ? ErrorCode.TOPIC_AUTHORIZATION_FAILED : ErrorCode.OPERATION_NOT_ATTEMPTED));
  const checked = ctx.txn.check({ transactionalId, producerId, producerEpoch });
  if (!checked.txn) {
    const code = fencedForVersion(checked.errorCode, version, FIRST_FENCED_VERSION);
    return everyPartition(topics, () => code);
  }
  const txn = checked.txn;
  if (verifyOnly) {
    return everyPartition(topics, (t, p) => (txn.state === 'Ongoing' && hasPartition(txn, t, p) ? ErrorCode.NONE : ErrorCode.INVALID_TXN_STATE));
  }
  const missing = (t: string, p: number) => ctx.topics.partition(t, p) === undefined || ctx.topics.get(t)?.internal === true;
  if (topics.some((t) => t.partitions.some((p) => missing(t.name, p)))) {
    return everyPartition(topics, (t, p) => (missing(t, p) ? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION : ErrorCode.OPERATION_NOT_ATTEMPTED));
  }
  const added: TopicPartition[] = topics.flatMap((t) => t.partitions.map((partition) => ({ topic: t.name, partition })));
  ctx.txn.addPartitions(txn, added);
  return everyPartition(topics, () => ErrorCode.NONE);
}

export const addPartitionsToTxnHandler: ApiHandler<typeof AddPartitionsToTxn, 0, 5> = {
  spec: AddPartitionsToTxn,
  minVersion: 0,
  maxVersion: 5,
  handle(body, req, ctx) {
    if (req.apiVersion < FIRST_BATCHED_VERSION) {
      const results = addOne(body.v3AndBelowTransactionalId, body.v3AndBelowProducerId, body.v3AndBelowProducerEpoch, body.v3AndBelowTopics, false, req, ctx);
      return { throttleTimeMs: 0, resultsByTopicV3AndBelow: results };
    }
    return {
      throttleTimeMs: 0,
      errorCode: ErrorCode.NONE,
      resultsByTransaction: body.transactions.map((t) => ({
        transactionalId: t.transactionalId,
        topicResults: addOne(t.transactionalId, t.producerId, t.producerEpoch, t.topics, t.verifyOnly, req, ctx),
      })),
    };
  },
};
