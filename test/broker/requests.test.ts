import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CreateTopics, DeleteTopics, Fetch, ListOffsets, Metadata, OffsetCommit, Produce } from '../../src/protocol/apis.js';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { decodeRecordBatches, encodeRecordBatch } from '../../src/protocol/records/record-batch.js';
import { inProcessBroker } from '../helpers/broker.js';
import { fetchRequest, NO_RECORDS } from '../helpers/fetch-all.js';
import { RawClient } from '../helpers/raw-client.js';

/* eslint-disable @typescript-eslint/no-explicit-any */

// Request-level behaviour of each API, over the wire with our own codec.
let broker: Awaited<ReturnType<typeof inProcessBroker>>;
let c: RawClient;

before(async () => {
  broker = await inProcessBroker({ maxMessageBytes: 10_000 });
  c = await RawClient.connect(broker.port);
});
after(async () => {
  c?.close();
  await broker?.stop();
});

function batch(values: string[], timestamp = Date.now()): Buffer {
  return encodeRecordBatch({ records: values.map((v, i) => ({ key: null, value: Buffer.from(v), timestamp: timestamp + i })) });
}

function produce(topic: string, records: Buffer, acks = 1, partition = 0, client = c) {
  return client.request(Produce, 9, { transactionalId: null, acks, timeoutMs: 1000, topicData: [{ name: topic, partitionData: [{ index: partition, records }] }] });
}

async function createTopic(name: string, partitions: number, configs: { name: string; value: string }[] = []) {
  const res = await c.request(CreateTopics, 7, { topics: [{ name, numPartitions: partitions, replicationFactor: 1, assignments: [], configs }], timeoutMs: 1000 });
  return res.topics[0];
}

test('CreateTopics creates, reports, and refuses duplicates, bad names and replication', async () => {
  const created = await createTopic('orders', 3, [{ name: 'retention.ms', value: '60000' }]);
  assert.equal(created.errorCode, ErrorCode.NONE);
  assert.equal(created.numPartitions, 3);
  assert.equal(created.topicId.length, 16);
  assert.notDeepEqual(created.topicId, Buffer.alloc(16));
  assert.equal((await createTopic('orders', 1)).errorCode, ErrorCode.TOPIC_ALREADY_EXISTS);
  assert.equal((await createTopic('bad name!', 1)).errorCode, ErrorCode.INVALID_TOPIC_EXCEPTION);
  assert.equal((await createTopic('zero', 0)).errorCode, ErrorCode.INVALID_PARTITIONS);
  const rf = await c.request(CreateTopics, 7, { topics: [{ name: 'replicated', numPartitions: 1, replicationFactor: 3, assignments: [], configs: [] }], timeoutMs: 1000, validateOnly: false });
  assert.equal(rf.topics[0].errorCode, ErrorCode.INVALID_REPLICATION_FACTOR);
  const v0 = await c.request(CreateTopics, 0, { topics: [{ name: 'old-client', numPartitions: 2, replicationFactor: 1, assignments: [], configs: [] }], timeoutMs: 1000 });
  assert.equal(v0.topics[0].errorCode, ErrorCode.NONE);
  const md = await c.request(Metadata, 1, { topics: [{ name: 'orders' }, { name: 'old-client' }] });
  assert.deepEqual(md.topics.map((t: any) => [t.name, t.partitions.length]), [['orders', 3], ['old-client', 2]]);
});

test('Metadata auto-creates unknown topics unless the client says not to', async () => {
  const md = await c.request(Metadata, 9, { topics: [{ name: 'auto' }], allowAutoTopicCreation: true, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false });
  assert.equal(md.topics[0].errorCode, ErrorCode.NONE);
  assert.equal(md.topics[0].partitions.length, 1);
  const all = await c.request(Metadata, 9, { topics: null, allowAutoTopicCreation: false, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false });
  assert.ok(all.topics.some((t: any) => t.name === 'auto'));
  assert.equal(all.brokers[0].port, broker.port);
});

test('Produce assigns offsets in order, and acks=0 gets no answer while the next request still does', async () => {
  await createTopic('seq', 1);
  const first = await produce('seq', batch(['a', 'b', 'c']));
  assert.equal(first.responses[0].partitionResponses[0].baseOffset, 0);
  const fireAndForget = produce('seq', batch(['d']), 0);
  const second = await produce('seq', batch(['e', 'f']));
  assert.equal(second.responses[0].partitionResponses[0].baseOffset, 4);
  assert.equal(await Promise.race([fireAndForget.then(() => 'answered'), new Promise((r) => setTimeout(() => r('silent'), 100))]), 'silent');
  const fetched = await c.request(Fetch, 12, fetchRequest('seq', 0, 0));
  const values = decodeRecordBatches(fetched.responses[0].partitions[0].records ?? NO_RECORDS).flatMap((b) => b.records.map((r) => `${r.offset}:${r.value}`));
  assert.deepEqual(values, ['0:a', '1:b', '2:c', '3:d', '4:e', '5:f']);
});

test('Produce rejects a batch over max.message.bytes with MESSAGE_TOO_LARGE and bad acks with INVALID_REQUIRED_ACKS', async () => {
  const big = await produce('seq', batch(['x'.repeat(20_000)]));
  assert.equal(big.responses[0].partitionResponses[0].errorCode, ErrorCode.MESSAGE_TOO_LARGE);
  const acks = await produce('seq', batch(['y']), 2);
  assert.equal(acks.responses[0].partitionResponses[0].errorCode, ErrorCode.INVALID_REQUIRED_ACKS);
});

test('pipelined requests are answered in order, even behind a long-polling fetch', async () => {
  await createTopic('pipe', 1);
  const order: string[] = [];
  const longPoll = c.request(Fetch, 12, fetchRequest('pipe', 0, 0, { maxWaitMs: 300, minBytes: 1 })).then(() => order.push('fetch'));
  const meta = c.request(Metadata, 9, { topics: [{ name: 'pipe' }], allowAutoTopicCreation: true, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false }).then(() => order.push('metadata'));
  await Promise.all([longPoll, meta]);
  assert.deepEqual(order, ['fetch', 'metadata']);
});

test('a long-polling fetch is woken at once by new data and returns it', async () => {
  await createTopic('wake', 1);
  const other = await RawClient.connect(broker.port);
  const started = Date.now();
  const waiting = c.request(Fetch, 12, fetchRequest('wake', 0, 0, { maxWaitMs: 10_000, minBytes: 1 }));
  await new Promise((r) => setTimeout(r, 50));
  await produce('wake', batch(['hello']), 1, 0, other);
  const res = await waiting;
  other.close();
  assert.ok(Date.now() - started < 5_000, 'answered long before max_wait_ms');
  const p = res.responses[0].partitions[0];
  assert.equal(p.highWatermark, 1);
  assert.equal(p.lastStableOffset, 1);
  assert.equal(p.logStartOffset, 0);
  assert.equal(decodeRecordBatches(p.records ?? NO_RECORDS)[0]!.records[0]!.value!.toString(), 'hello');
});

test('a fetch with nothing new waits max_wait_ms, then answers empty', async () => {
  const started = Date.now();
  const res = await c.request(Fetch, 12, fetchRequest('wake', 0, 1, { maxWaitMs: 200, minBytes: 1 }));
  assert.ok(Date.now() - started >= 150);
  assert.equal(res.responses[0].partitions[0].records?.length ?? 0, 0);
});

test('max_bytes and partition_max_bytes limit a fetch, but never below one whole batch', async () => {
  await createTopic('sized', 2);
  for (let i = 0; i < 5; i++) {
    await produce('sized', batch([`p0-${i}`.padEnd(500, '.')]), 1, 0);
    await produce('sized', batch([`p1-${i}`.padEnd(500, '.')]), 1, 1);
  }
  const one = await c.request(Fetch, 12, {
    ...fetchRequest('sized', 0, 0, { partitionMaxBytes: 10 }),
  });
  assert.equal(decodeRecordBatches(one.responses[0].partitions[0].records ?? NO_RECORDS).length, 1, 'one batch although it is over the limit');
  const both = await c.request(Fetch, 12, {
    replicaId: -1,
    maxWaitMs: 0,
    minBytes: 0,
    maxBytes: 1500,
    sessionEpoch: -1,
    forgottenTopicsData: [],
    topics: [{ topic: 'sized', partitions: [0, 1].map((partition) => ({ partition, fetchOffset: 0, currentLeaderEpoch: -1, lastFetchedEpoch: -1, logStartOffset: -1, partitionMaxBytes: 1 << 20 })) }],
  });
  const [p0, p1] = both.responses[0].partitions;
  const total = (p0.records?.length ?? 0) + (p1.records?.length ?? 0);
  assert.ok(total <= 1500, `response records ${total} bytes exceed max_bytes`);
  assert.ok(decodeRecordBatches(p0.records ?? NO_RECORDS).length >= 1);
});

test('fetching outside the log gives OFFSET_OUT_OF_RANGE with the bounds', async () => {
  const res = await c.request(Fetch, 12, fetchRequest('seq', 0, 1000));
  const p = res.responses[0].partitions[0];
  assert.equal(p.errorCode, ErrorCode.OFFSET_OUT_OF_RANGE);
  assert.equal(p.highWatermark, 6);
  const unknown = await c.request(Fetch, 12, fetchRequest('never-created', 0, 0));
  assert.equal(unknown.responses[0].partitions[0].errorCode, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
});

test('ListOffsets answers earliest, latest and by timestamp', async () => {
  await createTopic('times', 1);
  await produce('times', batch(['a', 'b'], 1_000_000));
  await produce('times', batch(['c'], 2_000_000));
  await produce('times', batch(['d'], 3_000_000));
  const ask = async (timestamp: number, version = 5) =>
    (await c.request(ListOffsets, version, { replicaId: -1, isolationLevel: 0, topics: [{ name: 'times', partitions: [{ partitionIndex: 0, timestamp }] }] })).topics[0].partitions[0];
  assert.equal((await ask(-2)).offset, 0);
  assert.equal((await ask(-1)).offset, 4);
  assert.equal((await ask(-1, 1)).offset, 4);
  assert.deepEqual([(await ask(1_500_000)).offset, (await ask(1_500_000)).timestamp], [2, 2_000_000]);
  assert.equal((await ask(2_000_000)).offset, 2);
  assert.equal((await ask(9_000_000)).offset, -1);
});

test('DeleteTopics removes the topic and its data, by name (v0–5) and by id (v6)', async () => {
  await createTopic('doomed', 2);
  await produce('doomed', batch(['bye']));
  const gone = await c.request(DeleteTopics, 4, { topicNames: ['doomed'], timeoutMs: 1000 });
  assert.equal(gone.responses[0].errorCode, ErrorCode.NONE);
  assert.equal(existsSync(join(broker.dataDir, 'doomed-0')), false);
  const md = await c.request(Metadata, 9, { topics: [{ name: 'doomed' }], allowAutoTopicCreation: false, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false });
  assert.equal(md.topics[0].errorCode, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);

  const created = await createTopic('doomed-by-id', 1);
  const byId = await c.request(DeleteTopics, 6, { topics: [{ name: null, topicId: created.topicId }], timeoutMs: 1000 });
  assert.equal(byId.responses[0].errorCode, ErrorCode.NONE);
  assert.equal(byId.responses[0].name, 'doomed-by-id');
  const again = await c.request(DeleteTopics, 6, { topics: [{ name: 'doomed-by-id', topicId: Buffer.alloc(16) }], timeoutMs: 1000 });
  assert.equal(again.responses[0].errorCode, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
});

test('the internal offsets topic cannot be deleted', async () => {
  const commit = await c.request(OffsetCommit, 8, {
    groupId: 'simple',
    generationId: -1,
    memberId: '',
    groupInstanceId: null,
    topics: [{ name: 'seq', partitions: [{ partitionIndex: 0, committedOffset: 1, committedLeaderEpoch: -1, committedMetadata: null }] }],
  });
  assert.equal(commit.topics[0].partitions[0].errorCode, ErrorCode.NONE);
  const all = await c.request(Metadata, 9, { topics: null, allowAutoTopicCreation: false, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false });
  assert.ok(all.topics.some((t: any) => t.name === '__consumer_offsets' && t.isInternal));
  const res = await c.request(DeleteTopics, 6, { topics: [{ name: '__consumer_offsets', topicId: Buffer.alloc(16) }], timeoutMs: 1000 });
  assert.equal(res.responses[0].errorCode, ErrorCode.INVALID_REQUEST);
});
