// needs: peers/java-eras/kafka-2.4.1, peers/m2
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CreateTopics, Fetch, FindCoordinator, Heartbeat, JoinGroup, LeaveGroup, ListOffsets, Metadata, OffsetCommit, OffsetFetch, Produce, SyncGroup } from '../../src/protocol/apis.js';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import type { RequestBody, ResponseBody } from '../../src/protocol/messages.js';
import { CompressionType } from '../../src/protocol/records/compression/index.js';
import { encodeMessageSet, type MessageInput } from '../../src/protocol/records/message-set.js';
import type { ApiSpec } from '../../src/protocol/schema.js';
import { encodeAssignment, encodeSubscription } from '../broker/groups/consumer-protocol.js';
import { inProcessBroker } from '../helpers/broker.js';
import { fetchRequest } from '../helpers/fetch-all.js';
import { startKafka24, type Kafka24 } from '../helpers/kafka-24.js';
import { RawClient } from '../helpers/raw-client.js';
import { differences, seenKnown, unexplained, type Difference } from './differential/compare.js';
import { KNOWN_DIFFERENCES_24 } from './differential/known-differences-24.js';

// The old protocol, differentially: the same requests of the Kafka 0.8-0.10 era (Produce v0-v2 with
// message sets of magic 0 and 1, Fetch v0-v3 converting down, ListOffsets v0, Metadata v0, the
// v0 group APIs) go to streamdash and to Apache Kafka 2.4.1 (the last Kafka that served them all,
// with its own ZooKeeper), and the decoded answers are compared field by field, as the Kafka 4.4
// differential does. A difference fails unless differential/known-differences-24.ts lists it.

let ours: Awaited<ReturnType<typeof inProcessBroker>>;
let kafka: Kafka24;
let toOurs: RawClient;
let toKafka: RawClient;
const T = 1_700_000_000_000;

before(async () => {
  [ours, kafka] = await Promise.all([inProcessBroker({ autoCreateTopics: false }), startKafka24({ config: { 'auto.create.topics.enable': 'false' } })]);
  toOurs = await RawClient.connect(ours.port);
  toKafka = await RawClient.connect(kafka.port);
});
after(async () => {
  toOurs?.close();
  toKafka?.close();
  await Promise.all([ours?.stop(), kafka?.stop()]);
});

async function ask<S extends ApiSpec, V extends number>(api: S, version: V, body: RequestBody<S, V>): Promise<[ResponseBody<S, V>, ResponseBody<S, V>]> {
  return Promise.all([toOurs.request(api, version, body), toKafka.request(api, version, body)]);
}

class Ledger {
  readonly diffs: Difference[] = [];
  same(label: string, pair: readonly [unknown, unknown]): void {
    this.diffs.push(...differences(label, pair[0], pair[1]));
  }
  check(): void {
    const lines = unexplained(this.diffs, KNOWN_DIFFERENCES_24, 'Kafka 2.4.1');
    assert.deepEqual(lines, [], `streamdash answers the old protocol differently from Kafka 2.4.1 (list a deliberate difference in test/compat/differential/known-differences-24.ts):\n${lines.join('\n')}`);
  }
}

const msgs = (n: number, from = 0, withTime = true): MessageInput[] =>
  Array.from({ length: n }, (_, i) => ({ offset: i, timestamp: withTime ? T + (from + i) * 1000 : -1, key: Buffer.from(`k${from + i}`), value: Buffer.from(`value-${from + i}`) }));

/** Creates `name` on both and waits until Metadata v0 shows it with a leader on both. */
async function createTopic(name: string): Promise<void> {
  const [a, b] = await ask(CreateTopics, 0, { topics: [{ name, numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] }], timeoutMs: 10_000 });
  assert.deepEqual([a.topics[0]!.errorCode, b.topics[0]!.errorCode], [ErrorCode.NONE, ErrorCode.NONE], `creating ${name}`);
  for (const c of [toOurs, toKafka]) {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const t = (await c.request(Metadata, 0, { topics: [{ name }] })).topics[0]!;
      if (t.errorCode === ErrorCode.NONE && t.partitions[0]?.leaderId === 1) break;
      if (Date.now() > deadline) throw new Error(`${name} has no leader after 20 s (error ${t.errorCode})`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

const produce = (version: 0 | 1 | 2, topic: string, records: Buffer) => ask(Produce, version, { acks: 1, timeoutMs: 5000, topicData: [{ name: topic, partitionData: [{ index: 0, records }] }] });

test('Produce v0-v2 with message sets of magic 0 and 1, plain and compressed, then Fetch v0-v3 converting them down', async () => {
  const ledger = new Ledger();
  await createTopic('diff24-old');
  let next = 0;
  const sets: [0 | 1 | 2, string, Buffer, number][] = [
    [2, 'v2 magic 1 plain', encodeMessageSet({ magic: 1, messages: msgs(3) }), 3],
    [2, 'v2 magic 1 gzip', encodeMessageSet({ magic: 1, compression: CompressionType.Gzip, messages: msgs(2, 3) }), 2],
    [2, 'v2 magic 1 snappy', encodeMessageSet({ magic: 1, compression: CompressionType.Snappy, messages: msgs(2, 5) }), 2],
    [2, 'v2 magic 1 lz4', encodeMessageSet({ magic: 1, compression: CompressionType.Lz4, messages: msgs(2, 7) }), 2],
    [1, 'v1 magic 1 plain', encodeMessageSet({ magic: 1, messages: msgs(2, 9) }), 2],
  ];
  for (const [version, label, set, count] of sets) {
    const pair = await produce(version, 'diff24-old', set);
    ledger.same(`Produce ${label}`, pair);
    assert.equal(pair[0].responses[0]!.partitionResponses[0]!.baseOffset, next, `${label} lands at ${next} on streamdash`);
    next += count;
  }
  for (const version of [0, 1, 2, 3]) {
    ledger.same(`Fetch v${version} from 0`, await ask(Fetch, version, fetchRequest('diff24-old', 0, 0)));
    ledger.same(`Fetch v${version} from the middle of a compressed set`, await ask(Fetch, version, fetchRequest('diff24-old', 0, 4)));
    ledger.same(`Fetch v${version} past the end`, await ask(Fetch, version, { ...fetchRequest('diff24-old', 0, 100), maxWaitMs: 0 }));
  }
  const oneSize = encodeMessageSet({ magic: 1, messages: msgs(1) }).length;
  ledger.same('Fetch v2 within a byte limit', await ask(Fetch, 2, fetchRequest('diff24-old', 0, 0, { partitionMaxBytes: oneSize * 2 + 5 })));
  ledger.check();
});

test('Produce v0 (magic 0, no timestamps) plain and gzip, read back by Fetch v0 and v3', async () => {
  const ledger = new Ledger();
  await createTopic('diff24-v0');
  ledger.same('Produce v0 magic 0 plain', await produce(0, 'diff24-v0', encodeMessageSet({ magic: 0, messages: msgs(3, 0, false) })));
  ledger.same('Produce v0 magic 0 gzip', await produce(0, 'diff24-v0', encodeMessageSet({ magic: 0, compression: CompressionType.Gzip, messages: msgs(2, 3, false) })));
  for (const version of [0, 3]) ledger.same(`Fetch v${version} magic 0`, await ask(Fetch, version, fetchRequest('diff24-v0', 0, 0)));
  ledger.check();
});

test('ListOffsets v0 (max_num_offsets) and v1, Metadata v0 of known and unknown topics', async () => {
  const ledger = new Ledger();
  await createTopic('diff24-offsets');
  await produce(2, 'diff24-offsets', encodeMessageSet({ magic: 1, messages: msgs(5) }));
  const v0 = (timestamp: number, maxNumOffsets: number) => ask(ListOffsets, 0, { replicaId: -1, topics: [{ name: 'diff24-offsets', partitions: [{ partitionIndex: 0, timestamp, maxNumOffsets }] }] });
  ledger.same('ListOffsets v0 latest 1', await v0(-1, 1));
  ledger.same('ListOffsets v0 earliest 1', await v0(-2, 1));
  ledger.same('ListOffsets v0 latest 10', await v0(-1, 10));
  const v1 = (timestamp: number) => ask(ListOffsets, 1, { replicaId: -1, topics: [{ name: 'diff24-offsets', partitions: [{ partitionIndex: 0, timestamp }] }] });
  for (const [label, ts] of [['latest', -1], ['earliest', -2], ['by time', T + 2500], ['after the last', T + 99_000]] as const) ledger.same(`ListOffsets v1 ${label}`, await v1(ts));
  ledger.same('Metadata v0 known', await ask(Metadata, 0, { topics: [{ name: 'diff24-offsets' }] }));
  ledger.same('Metadata v0 unknown', await ask(Metadata, 0, { topics: [{ name: 'diff24-never' }] }));
  ledger.check();
});

test('the v0 group APIs: FindCoordinator, JoinGroup, SyncGroup, Heartbeat, OffsetCommit v0-v1, OffsetFetch v0-v1, LeaveGroup', async () => {
  const ledger = new Ledger();
  await createTopic('diff24-group');
  const group = 'diff24-g';
  // Kafka creates __consumer_offsets on the first FindCoordinator and answers COORDINATOR_NOT_AVAILABLE until it is loaded.
  for (const deadline = Date.now() + 30_000; (await toKafka.request(FindCoordinator, 0, { key: group })).errorCode !== ErrorCode.NONE; ) {
    if (Date.now() > deadline) throw new Error('Kafka 2.4.1 named no group coordinator within 30 s');
    await new Promise((r) => setTimeout(r, 200));
  }
  ledger.same('FindCoordinator v0', await ask(FindCoordinator, 0, { key: group }));
  const joins = await ask(JoinGroup, 0, {
    groupId: group,
    sessionTimeoutMs: 10_000,
    memberId: '',
    protocolType: 'consumer',
    protocols: [{ name: 'range', metadata: encodeSubscription(['diff24-group']) }],
  });
  ledger.same('JoinGroup v0', joins);
  const [ourJoin, kafkaJoin] = joins;
  const sync = (c: RawClient, memberId: string, generationId: number) =>
    c.request(SyncGroup, 0, { groupId: group, generationId, memberId, assignments: [{ memberId, assignment: encodeAssignment({ 'diff24-group': [0] }) }] });
  ledger.same('SyncGroup v0', await Promise.all([sync(toOurs, ourJoin.memberId, ourJoin.generationId), sync(toKafka, kafkaJoin.memberId, kafkaJoin.generationId)]));
  const beat = (c: RawClient, memberId: string, generationId: number) => c.request(Heartbeat, 0, { groupId: group, generationId, memberId });
  ledger.same('Heartbeat v0', await Promise.all([beat(toOurs, ourJoin.memberId, ourJoin.generationId), beat(toKafka, kafkaJoin.memberId, kafkaJoin.generationId)]));
  const commit1 = (c: RawClient, memberId: string, generationId: number) =>
    c.request(OffsetCommit, 1, { groupId: group, generationId, memberId, topics: [{ name: 'diff24-group', partitions: [{ partitionIndex: 0, committedOffset: 3, commitTimestamp: -1, committedMetadata: 'm' }] }] });
  ledger.same('OffsetCommit v1', await Promise.all([commit1(toOurs, ourJoin.memberId, ourJoin.generationId), commit1(toKafka, kafkaJoin.memberId, kafkaJoin.generationId)]));
  ledger.same('OffsetFetch v1', await ask(OffsetFetch, 1, { groupId: group, topics: [{ name: 'diff24-group', partitionIndexes: [0] }] }));
  const leave = (c: RawClient, memberId: string) => c.request(LeaveGroup, 0, { groupId: group, memberId });
  ledger.same('LeaveGroup v0', await Promise.all([leave(toOurs, ourJoin.memberId), leave(toKafka, kafkaJoin.memberId)]));
  // v0 commits and fetches outside any generation, as the 0.8.2 clients' offset storage does.
  ledger.same('OffsetCommit v0', await ask(OffsetCommit, 0, { groupId: 'diff24-v0', topics: [{ name: 'diff24-group', partitions: [{ partitionIndex: 0, committedOffset: 2, committedMetadata: '' }] }] }));
  ledger.same('OffsetFetch v0', await ask(OffsetFetch, 0, { groupId: 'diff24-v0', topics: [{ name: 'diff24-group', partitionIndexes: [0] }] }));
  ledger.check();
});

test('every listed Kafka 2.4.1 difference was seen in this run (the list is not stale)', () => {
  const stale = KNOWN_DIFFERENCES_24.filter((k) => !seenKnown.has(k));
  assert.deepEqual(stale.map((k) => k.where), [], 'these listed differences no longer occur: remove them from test/compat/differential/known-differences-24.ts');
});
