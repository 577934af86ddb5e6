import { DescribeProducers } from '../../protocol/apis.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import type { ApiHandler, BrokerContext } from './types.js';

function describePartition(topic: string, partitionIndex: number, ctx: BrokerContext) {
  const log = ctx.topics.partition(topic, partitionIndex);
  if (!log) {
    // As Kafka 4.4 answers: a message for a topic it does not host, none for a partition past a known topic's count.
    const errorMessage = ctx.topics.get(topic) ? null : `this broker hosts no topic ${topic}; check the name (kafka-topics --list)`;
    return { partitionIndex, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, errorMessage, activeProducers: [] };
  }
  const txnStarts = new Map(ctx.txnPartitions.of(log).openProducers().map((o) => [o.producerId, o.firstOffset]));
  const activeProducers = ctx.producers.describe(log).map((p) => ({ ...p, currentTxnStartOffset: txnStarts.get(p.producerId) ?? -1 }));
  return { partitionIndex, errorCode: ErrorCode.NONE, errorMessage: null, activeProducers };
}

/**
 * The producers each partition holds state for (KIP-664), for
 * `kafka-transactions.sh describe-producers` and find-hanging: epoch, last
 * sequence and timestamp, the coordinator epoch of its last marker, and where
 * its open transaction starts (-1 when none is open).
 */
export const describeProducersHandler: ApiHandler<typeof DescribeProducers, 0, 0> = {
  spec: DescribeProducers,
  minVersion: 0,
  maxVersion: 0,
  handle(body, req, ctx) {
    const denied = (partitionIndex: number) => ({ partitionIndex, errorCode: ErrorCode.TOPIC_AUTHORIZATION_FAILED, errorMessage: null, activeProducers: [] });
    return {
      throttleTimeMs: 0,
      topics: body.topics.map((t) => ({
        name: t.name,
        partitions: t.partitionIndexes.map((p) => (ctx.access.allows(req.requester, 'READ', 'TOPIC', t.name) ? describePartition(t.name, p, ctx) : denied(p))),
      })),
    };
  },
};
