import { DescribeTransactions } from '../../protocol/apis.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import type { TopicPartition, TxnMetadata } from '../txn/txn-metadata.js';
import type { ApiHandler } from './types.js';

/** The partitions of a transaction grouped by topic, in the order they were added. */
function byTopic(partitions: TopicPartition[]): { topic: string; partitions: number[] }[] {
  const topics = new Map<string, number[]>();
  for (const p of partitions) topics.set(p.topic, [...(topics.get(p.topic) ?? []), p.partition]);
  return [...topics].map(([topic, ps]) => ({ topic, partitions: ps }));
}

function described(m: TxnMetadata) {
  return {
    errorCode: ErrorCode.NONE,
    transactionalId: m.transactionalId,
    transactionState: m.state,
    transactionTimeoutMs: m.timeoutMs,
    transactionStartTimeMs: m.txnStartMs,
    producerId: m.producerId,
    producerEpoch: m.producerEpoch,
    topics: byTopic(m.partitions),
  };
}

/** What Kafka answers for an id it cannot describe: the error, and every other field at its zero value. */
function failed(transactionalId: string, errorCode: number) {
  return { errorCode, transactionalId, transactionState: '', transactionTimeoutMs: 0, transactionStartTimeMs: 0, producerId: 0, producerEpoch: 0, topics: [] };
}

/**
 * The coordinator's view of each transactional id (KIP-664), for
 * `kafka-transactions.sh describe`: state, producer id and epoch, timeout, when
 * the open transaction started, and its partitions (none once it is complete).
 * An empty id is INVALID_REQUEST and an unknown one TRANSACTIONAL_ID_NOT_FOUND, as in Kafka.
 */
export const describeTransactionsHandler: ApiHandler<typeof DescribeTransactions, 0, 0> = {
  spec: DescribeTransactions,
  minVersion: 0,
  maxVersion: 0,
  handle(body, req, ctx) {
    const transactionStates = body.transactionalIds.map((id) => {
      if (id === '') return failed(id, ErrorCode.INVALID_REQUEST);
      if (!ctx.access.allows(req.requester, 'DESCRIBE', 'TRANSACTIONAL_ID', id)) return failed(id, ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED);
      const m = ctx.txn.get(id);
      return m ? described(m) : failed(id, ErrorCode.TRANSACTIONAL_ID_NOT_FOUND);
    });
    return { throttleTimeMs: 0, transactionStates };
  },
};
