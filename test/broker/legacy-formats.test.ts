import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, test } from 'node:test';
import { pino } from 'pino';
import { CreateTopics, Fetch, JoinGroup, ListOffsets, OffsetCommit, OffsetFetch, Produce, SyncGroup } from '../../src/protocol/apis.js';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { CompressionType } from '../../src/protocol/records/compression/index.js';
import { decodeMessageSet, encodeMessageSet, type MessageInput } from '../../src/protocol/records/message-set.js';
import { decodeRecordBatches, encodeRecordBatch } from '../../src/protocol/records/record-batch.js';
import { refusedVersion } from '../../src/broker/unsupported-versions.js';
import { WarningLog } from '../../src/broker/warning-log.js';
import { inProcessBroker } from '../helpers/broker.js';
import { fetchRequest, NO_RECORDS } from '../helpers/fetch-all.js';
import { RawClient } from '../helpers/raw-client.js';

// Kafka 0.8-0.10's wire: message sets in, v2 batches stored, message sets out.
let broker: Awaited<ReturnType<typeof inProcessBroker>>;
let c: RawClient;
const T = 1_700_000_000_000;

before(async () => {
  broker = await inProcessBroker();
  c = await RawClient.connect(broker.port);
  for (const name of ['old', 'mixed', 'v0', 'corrupt', 'limits']) {
    await c.request(CreateTopics, 0, { topics: [{ name, numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] }], timeoutMs: 1000 });
  }
});
after(async () => {
  c?.close();
  await broker?.stop();
});

const msgs = (n: number, from = 0): MessageInput[] =>
  Array.from({ length: n }, (_, i) => ({ offset: i, timestamp: T + from + i, key: Buffer.from(`k${from + i}`), value: Buffer.from(`value-${from + i}`) }));

async function produceOld(version: 0 | 1 | 2, topic: string, records: Buffer) {
  const res = await c.request(Produce, version, { acks: 1, timeoutMs: 1000, topicData: [{ name: topic, partitionData: [{ index: 0, records }] }] });
  return res.responses[0]!.partitionResponses[0]!;
}

async function fetchOld(version: number, topic: string, offset: number, partitionMaxBytes = 1 << 20) {
  const res = await c.request(Fetch, version, fetchRequest(topic, 0, offset, { partitionMaxBytes }));
  const p = res.responses[0]!.partitions[0]!;
  return { p, messages: version < 4 ? decodeMessageSet(p.records ?? NO_RECORDS) : [] };
}

test('Produce v2 magic 1 sets (plain and each codec) are stored as v2 batches with offsets, keys, values and timestamps intact', async () => {
  const plain = await produceOld(2, 'old', encodeMessageSet({ magic: 1, messages: msgs(3) }));
  assert.equal(plain.errorCode, ErrorCode.NONE);
  assert.equal(plain.baseOffset, 0);
  let next = 3;
  for (const compression of [CompressionType.Gzip, CompressionType.Snappy, CompressionType.Lz4]) {
    const r = await produceOld(2, 'old', encodeMessageSet({ magic: 1, compression, messages: msgs(2, next) }));
    assert.equal(r.errorCode, ErrorCode.NONE);
    assert.equal(r.baseOffset, next);
    next += 2;
  }
  const res = await c.request(Fetch, 12, fetchRequest('old', 0, 0));
  const batches = decodeRecordBatches(res.responses[0]!.partitions[0]!.records ?? NO_RECORDS);
  const records = batches.flatMap((b) => b.records);
  assert.deepEqual(
    records.map((r) => [r.offset, r.timestamp, r.key?.toString(), r.value?.toString()]),
    msgs(next).map((m, i) => [i, m.timestamp, m.key?.toString(), m.value?.toString()]),
  );
  assert.deepEqual(batches.map((b) => b.compression), [CompressionType.None, CompressionType.Gzip, CompressionType.Snappy, CompressionType.Lz4]);
});

test('Fetch v0-v3 converts down: magic 0 for v0-v1, magic 1 (with timestamps) for v2-v3, the codec kept, headers dropped', async () => {
  const withHeaders = encodeRecordBatch({ records: [{ key: Buffer.from('h'), value: Buffer.from('headed'), timestamp: T + 99, headers: [{ key: 'x', value: Buffer.from('y') }] }] });
  await c.request(Produce, 9, { transactionalId: null, acks: 1, timeoutMs: 1000, topicData: [{ name: 'old', partitionData: [{ index: 0, records: withHeaders }] }] });
  for (const version of [0, 1, 2, 3]) {
    const { p, messages } = await fetchOld(version, 'old', 0);
    assert.equal(p.errorCode, ErrorCode.NONE);
    assert.equal(p.highWatermark, 10);
    const magic = version >= 2 ? 1 : 0;
    assert.deepEqual(messages.map((m) => m.offset), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.ok(messages.every((m) => m.magic === magic));
    assert.deepEqual(messages.map((m) => m.compression), [0, 0, 0, 1, 1, 2, 2, 3, 3, 0]);
    assert.deepEqual(messages.map((m) => m.timestamp), magic === 1 ? [...msgs(9).map((m) => m.timestamp), T + 99] : Array(10).fill(-1));
    assert.equal(messages[9]!.value?.toString(), 'headed');
  }
});

test('a fetch from the middle of a compressed batch gets the whole batch, as from Kafka; one from the middle of plain ones starts at the asked offset', async () => {
  const { messages } = await fetchOld(3, 'old', 4);
  assert.deepEqual(messages.map((m) => m.offset), [3, 4, 5, 6, 7, 8, 9]);
  const plain = await fetchOld(3, 'old', 1);
  assert.deepEqual(plain.messages.map((m) => m.offset), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
});

test('down-converted fetches keep to the byte limit with whole messages, and never stall on a big first message', async () => {
  await produceOld(2, 'limits', encodeMessageSet({ magic: 1, messages: msgs(20) }));
  const oneSize = encodeMessageSet({ magic: 1, messages: msgs(1) }).length;
  const { p, messages } = await fetchOld(2, 'limits', 0, oneSize * 5 + 3);
  assert.equal(messages.length, 5);
  assert.equal((p.records ?? NO_RECORDS).length, oneSize * 5);
  const tiny = await fetchOld(2, 'limits', 7, 10);
  assert.deepEqual(tiny.messages.map((m) => m.offset), [7]);
});

test('magic 0 (Produce v0) gets the broker time as LogAppendTime; Produce v1 works too', async () => {
  const before = Date.now();
  const r = await produceOld(0, 'v0', encodeMessageSet({ magic: 0, compression: CompressionType.Gzip, messages: msgs(2) }));
  assert.equal(r.errorCode, ErrorCode.NONE);
  assert.equal((await produceOld(1, 'v0', encodeMessageSet({ magic: 0, messages: msgs(1) }))).baseOffset, 2);
  const { messages } = await fetchOld(3, 'v0', 0);
  assert.equal(messages.length, 3);
  assert.ok(messages.every((m) => m.timestamp >= before && m.timestamp <= Date.now()));
});

test('a message set with a bad CRC, a cut message or a v2 batch in Produce v2 is refused and not stored', async () => {
  const bad = encodeMessageSet({ magic: 1, messages: msgs(2) });
  bad[bad.length - 1] ^= 0xff;
  assert.equal((await produceOld(2, 'corrupt', bad)).errorCode, ErrorCode.CORRUPT_MESSAGE);
  const whole = encodeMessageSet({ magic: 1, messages: msgs(2) });
  assert.equal((await produceOld(2, 'corrupt', whole.subarray(0, whole.length - 2))).errorCode, ErrorCode.CORRUPT_MESSAGE);
  const batch = encodeRecordBatch({ records: [{ key: null, value: Buffer.from('x'), timestamp: T }] });
  assert.equal((await produceOld(2, 'corrupt', batch)).errorCode, ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT);
  const { p } = await fetchOld(2, 'corrupt', 0);
  assert.equal(p.highWatermark, 0);
});

test('ListOffsets v0 answers max_num_offsets offsets, newest first', async () => {
  const ask = (timestamp: number, maxNumOffsets: number) =>
    c.request(ListOffsets, 0, { replicaId: -1, topics: [{ name: 'old', partitions: [{ partitionIndex: 0, timestamp, maxNumOffsets }] }] });
  assert.deepEqual((await ask(-1, 1)).topics[0]!.partitions[0]!.oldStyleOffsets, [10]);
  assert.deepEqual((await ask(-1, 10)).topics[0]!.partitions[0]!.oldStyleOffsets, [10, 0]);
  assert.deepEqual((await ask(-2, 1)).topics[0]!.partitions[0]!.oldStyleOffsets, [0]);
});

test('OffsetCommit v0/v1 and OffsetFetch v0 keep offsets; JoinGroup v0 takes the session timeout as rebalance timeout', async () => {
  const v0 = await c.request(OffsetCommit, 0, { groupId: 'old-g', topics: [{ name: 'old', partitions: [{ partitionIndex: 0, committedOffset: 4, committedMetadata: 'm' }] }] });
  assert.equal(v0.topics[0]!.partitions[0]!.errorCode, ErrorCode.NONE);
  const fetched = await c.request(OffsetFetch, 0, { groupId: 'old-g', topics: [{ name: 'old', partitionIndexes: [0] }] });
  assert.deepEqual([fetched.topics[0]!.partitions[0]!.committedOffset, fetched.topics[0]!.partitions[0]!.metadata], [4, 'm']);
  const join = await c.request(JoinGroup, 0, {
    groupId: 'old-join',
    sessionTimeoutMs: 6000,
    memberId: '',
    protocolType: 'consumer',
    protocols: [{ name: 'range', metadata: Buffer.from([0, 0, 0, 0, 0, 1, 0, 3, 111, 108, 100, 0, 0, 0, 0]) }],
  });
  assert.equal(join.errorCode, ErrorCode.NONE);
  assert.equal(join.leader, join.memberId);
  const sync = await c.request(SyncGroup, 0, {
    groupId: 'old-join',
    generationId: join.generationId,
    memberId: join.memberId,
    assignments: [{ memberId: join.memberId, assignment: Buffer.alloc(0) }],
  });
  assert.equal(sync.errorCode, ErrorCode.NONE);
  const v1 = await c.request(OffsetCommit, 1, {
    groupId: 'old-join',
    generationId: join.generationId,
    memberId: join.memberId,
    topics: [{ name: 'old', partitions: [{ partitionIndex: 0, committedOffset: 7, commitTimestamp: -1, committedMetadata: null }] }],
  });
  assert.equal(v1.topics[0]!.partitions[0]!.errorCode, ErrorCode.NONE);
});

test('a refused version is logged once per client per window, at once and then with a count by API and version, and a hint', async () => {
  const lines: { count: number; hint?: string; msg: string; causes?: Record<string, number> }[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()) as (typeof lines)[number]);
      done();
    },
  });
  const log = new WarningLog(pino(sink), 200);
  for (let i = 0; i < 500; i++) refusedVersion(log, 'old@127.0.0.1', 'Fetch', 13, 0, 12);
  refusedVersion(log, 'old@127.0.0.1', 'Produce', 99, 0, 11);
  refusedVersion(log, 'other@127.0.0.1', 'Fetch', 13, 0, 12);
  await new Promise((r) => setTimeout(r, 300));
  log.close();
  assert.deepEqual(lines.map((l) => l.count), [1, 1, 500]);
  assert.match(lines[0]!.msg, /Fetch v13 is not supported \(supported: v0-v12\)/);
  assert.match(lines[0]!.hint!, /newer than the broker/);
  assert.equal(lines[2]!.msg, '500 more requests in an unsupported version from old@127.0.0.1 in the last 0.2 s');
  assert.deepEqual(lines[2]!.causes, { 'Fetch v13': 499, 'Produce v99': 1 });
});
