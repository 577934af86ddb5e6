import { AddOffsetsToTxn, AddPartitionsToTxn, EndTxn, Fetch, InitProducerId, ListOffsets, Produce, TxnOffsetCommit } from '../../../src/protocol/apis.js';
import { encodeRecordBatch } from '../../../src/protocol/records/record-batch.js';
import { fetchRequest } from '../../helpers/fetch-all.js';
import type { RawClient } from '../../helpers/raw-client.js';

/** One transactional producer spoken to byte by byte, as a Kafka client would speak. */
export interface TxnProducer {
  transactionalId: string;
  producerId: number;
  producerEpoch: number;
}

export async function initTxn(c: RawClient, transactionalId: string, transactionTimeoutMs = 60000): Promise<{ errorCode: number } & TxnProducer> {
  const r = await c.request(InitProducerId, 4, { transactionalId, transactionTimeoutMs, producerId: -1, producerEpoch: -1 });
  return { errorCode: r.errorCode, transactionalId, producerId: r.producerId, producerEpoch: r.producerEpoch };
}

export async function addPartitions(c: RawClient, p: TxnProducer, topic: string, partitions: number[], version = 3): Promise<number[]> {
  const r = await c.request(AddPartitionsToTxn, version, {
    v3AndBelowTransactionalId: p.transactionalId,
    v3AndBelowProducerId: p.producerId,
    v3AndBelowProducerEpoch: p.producerEpoch,
    v3AndBelowTopics: [{ name: topic, partitions }],
  });
  return r.resultsByTopicV3AndBelow[0].resultsByPartition.map((x) => x.partitionErrorCode);
}

export async function addOffsets(c: RawClient, p: TxnProducer, groupId: string): Promise<number> {
  return (await c.request(AddOffsetsToTxn, 3, { ...p, groupId })).errorCode;
}

export async function txnCommitOffset(c: RawClient, p: TxnProducer, groupId: string, topic: string, partition: number, offset: number): Promise<number> {
  const r = await c.request(TxnOffsetCommit, 3, {
    ...p,
    groupId,
    generationIdOrMemberEpoch: -1,
    memberId: '',
    groupInstanceId: null,
    topics: [{ name: topic, partitions: [{ partitionIndex: partition, committedOffset: offset, committedLeaderEpoch: -1, committedMetadata: null }] }],
  });
  return r.topics[0].partitions[0].errorCode;
}

export async function endTxn(c: RawClient, p: TxnProducer, committed: boolean): Promise<number> {
  return (await c.request(EndTxn, 3, { ...p, committed })).errorCode;
}

export function txnBatch(p: TxnProducer, baseSequence: number, values: string[], timestamp = Date.now()): Buffer {
  return encodeRecordBatch({
    isTransactional: true,
    producerId: p.producerId,
    producerEpoch: p.producerEpoch,
    baseSequence,
    records: values.map((v) => ({ key: null, value: Buffer.from(v), timestamp })),
  });
}

/** One Produce v9 of `records` for one partition under the producer's transactional id, as Kafka requires for transactional batches. */
export async function txnProduce(c: RawClient, p: TxnProducer, topic: string, partition: number, records: Buffer): Promise<{ errorCode: number; baseOffset: number; errorMessage: string | null }> {
  const r = await c.request(Produce, 9, { transactionalId: p.transactionalId, acks: -1, timeoutMs: 5000, topicData: [{ name: topic, partitionData: [{ index: partition, records }] }] });
  return r.responses[0].partitionResponses[0];
}

export async function fetchIsolated(c: RawClient, topic: string, partition: number, offset: number, isolationLevel: number) {
  const r = await c.request(Fetch, 12, { ...fetchRequest(topic, partition, offset), isolationLevel });
  return r.responses[0].partitions[0];
}

export async function latestOffset(c: RawClient, topic: string, partition: number, isolationLevel: number): Promise<number> {
  const r = await c.request(ListOffsets, 5, { replicaId: -1, isolationLevel, topics: [{ name: topic, partitions: [{ partitionIndex: partition, currentLeaderEpoch: -1, timestamp: -1 }] }] });
  return r.topics[0].partitions[0].offset;
}
