// needs: peers/java, peers/m2
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Kafka, logLevel } from 'kafkajs';
import { inProcessBroker } from '../helpers/broker.js';
import { checkCapability, expectFailure, type Peer } from '../helpers/compat-check.js';
import { TOPIC_CONFIG_DEFS } from '../../src/broker/configs/topic-config-defs.js';
import { describeRun, eventsOf, javaPeer, KAFKA_VERSION, type JavaRun, type PeerEvent } from '../helpers/java-peers.js';

// Apache Kafka's own Java client, kafka-clients 4.4, against the embedded broker: the
// producer (every acks, idempotence, every codec, keys, headers), the consumer (assign and
// subscribe in a classic group, commits, seek, offsetsForTimes) and the admin client, each
// read back record for record. What the broker does not serve yet is checked as failing.
const PEER: Peer = { client: 'kafka-clients', version: KAFKA_VERSION };
const ISSUE_15 = 'issue 15: compaction, configs and the admin surface';

let broker: Awaited<ReturnType<typeof inProcessBroker>>;
let kafkajs: Kafka;
before(async () => {
  broker = await inProcessBroker();
  kafkajs = new Kafka({ clientId: 'setup', brokers: [broker.bootstrap], logLevel: logLevel.NOTHING });
});
after(() => broker?.stop());

/** ProducerPeer.value(i), the value the Java producer sends as record i. */
const value = (i: number) => `value-${i} 值 ${'x'.repeat(i % 50)}`;
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

async function createTopic(topic: string, partitions: number) {
  const admin = kafkajs.admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: partitions }] });
  } finally {
    await admin.disconnect();
  }
}

function ok(r: JavaRun): JavaRun {
  assert.equal(r.code, 0, describeRun(r));
  return r;
}

function byPartition(records: PeerEvent[]): Map<number, PeerEvent[]> {
  const out = new Map<number, PeerEvent[]>();
  for (const r of records) out.set(r.partition as number, [...(out.get(r.partition as number) ?? []), r]);
  return out;
}

test('admin: create, list, describe and delete topics', { timeout: 180_000 }, async () => {
  await checkCapability(PEER, 'admin', async () => {
    ok(await javaPeer('admin', broker.bootstrap, ['--op', 'create', '--topic', 'java-admin', '--partitions', '3']));
    const listed = ok(await javaPeer('admin', broker.bootstrap, ['--op', 'list']));
    assert.ok((eventsOf(listed, 'topics')[0]!.names as string[]).includes('java-admin'));
    const described = ok(await javaPeer('admin', broker.bootstrap, ['--op', 'describe', '--topic', 'java-admin']));
    const parts = eventsOf(described, 'topic')[0]!.partitions as { partition: number; leader: number; replicas: number[] }[];
    assert.deepEqual(parts.map((p) => p.partition).sort(), [0, 1, 2]);
    for (const p of parts) assert.deepEqual([p.leader, p.replicas], [1, [1]]);
    ok(await javaPeer('admin', broker.bootstrap, ['--op', 'delete', '--topic', 'java-admin']));
    const after = ok(await javaPeer('admin', broker.bootstrap, ['--op', 'list']));
    assert.equal((eventsOf(after, 'topics')[0]!.names as string[]).includes('java-admin'), false);
  });
});

test('producer with every codec, keys and headers; an assigned consumer reads each record back exactly', { timeout: 300_000 }, async () => {
  const codecs = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];
  await createTopic('java-codecs', codecs.length);
  const count = 200;
  const runs = await Promise.all(
    codecs.map((codec, p) =>
      javaPeer('producer', broker.bootstrap, ['--topic', 'java-codecs', '--count', String(count), '--partition', String(p), '--compression', codec, '--keys', 'true', '--headers', 'true', '--config', 'linger.ms=20']),
    ),
  );
  const consumed = await javaPeer('consumer', broker.bootstrap, ['--topic', 'java-codecs', '--count', String(count * codecs.length), '--mode', 'assign']);
  const parts = byPartition(eventsOf(consumed, 'record'));
  for (const [p, codec] of codecs.entries()) {
    await checkCapability(PEER, `compression:${codec}`, async () => {
      ok(runs[p]!);
      assert.deepEqual(eventsOf(runs[p]!, 'sent').map((e) => e.offset), range(0, count), `${codec}: offsets as acknowledged`);
      ok(consumed);
      const got = parts.get(p) ?? [];
      assert.deepEqual(got.map((r) => r.offset), range(0, count), `${codec}: offsets read back`);
      assert.deepEqual(got.map((r) => r.value), range(0, count).map(value), `${codec}: values byte-exact`);
      assert.deepEqual(got.map((r) => r.key), range(0, count).map((i) => `key-${i % 7}`), `${codec}: keys`);
      assert.deepEqual(got.map((r) => r.headers), range(0, count).map((i) => ({ source: 'java', i: String(i) })), `${codec}: headers`);
    });
  }
  await checkCapability(PEER, 'produce', async () => assert.equal(runs.every((r) => r.code === 0), true));
  await checkCapability(PEER, 'consume', async () => assert.equal(eventsOf(ok(consumed), 'record').length, count * codecs.length));
});

test('producer with acks 0, 1 and all, and idempotent: every record lands once, in order', { timeout: 300_000 }, async () => {
  const modes = [
    { capability: 'acks=0', args: ['--acks', '0'] },
    { capability: 'acks=1', args: ['--acks', '1'] },
    { capability: 'acks=all', args: ['--acks', 'all', '--idempotent', 'false'] },
    { capability: 'idempotence', args: ['--acks', 'all', '--idempotent', 'true', '--config', 'max.in.flight.requests.per.connection=5'] },
  ];
  await createTopic('java-acks', modes.length);
  const count = 100;
  const runs = await Promise.all(modes.map((m, p) => javaPeer('producer', broker.bootstrap, ['--topic', 'java-acks', '--count', String(count), '--partition', String(p), ...m.args])));
  const consumed = await javaPeer('consumer', broker.bootstrap, ['--topic', 'java-acks', '--count', String(count * modes.length), '--mode', 'assign']);
  const parts = byPartition(eventsOf(consumed, 'record'));
  for (const [p, m] of modes.entries()) {
    await checkCapability(PEER, m.capability, async () => {
      ok(runs[p]!);
      // With acks=0 the broker answers nothing, so the client knows no offsets.
      const acked = m.capability === 'acks=0' ? Array<number>(count).fill(-1) : range(0, count);
      assert.deepEqual(eventsOf(runs[p]!, 'sent').map((e) => e.offset), acked);
      ok(consumed);
      assert.deepEqual((parts.get(p) ?? []).map((r) => [r.offset, r.value]), range(0, count).map((i) => [i, value(i)]));
    });
  }
});

test('subscribe in a classic group: commitSync, then a second member continues from the commit and commits async', { timeout: 300_000 }, async () => {
  ok(await javaPeer('producer', broker.bootstrap, ['--topic', 'java-group', '--count', '40', '--keys', 'true']));
  const member = (commit: string) =>
    javaPeer('consumer', broker.bootstrap, ['--topic', 'java-group', '--count', '20', '--mode', 'subscribe', '--group', 'java-readers', '--commit', commit, '--config', 'max.poll.records=10']);
  const first = await member('sync');
  await checkCapability(PEER, 'groups', async () => {
    ok(first);
    assert.deepEqual(eventsOf(first, 'assigned')[0]!.partitions, [0]);
    assert.deepEqual(eventsOf(first, 'record').map((r) => r.offset), range(0, 20));
  });
  await checkCapability(PEER, 'commit-sync', async () => assert.deepEqual(eventsOf(first, 'committed').map((c) => c.offset), [20]));
  const second = await member('async');
  await checkCapability(PEER, 'commit-async', async () => {
    ok(second);
    assert.deepEqual(eventsOf(second, 'record').map((r) => [r.offset, r.value]), range(20, 40).map((i) => [i, value(i)]), 'continues where the commit left off');
    assert.equal(eventsOf(second, 'commitAsync').length, 1);
    assert.deepEqual(eventsOf(second, 'committed').map((c) => c.offset), [40]);
  });
});

test('assign and seek to an offset', { timeout: 180_000 }, async () => {
  await checkCapability(PEER, 'seek', async () => {
    ok(await javaPeer('producer', broker.bootstrap, ['--topic', 'java-seek', '--count', '30']));
    const r = ok(await javaPeer('consumer', broker.bootstrap, ['--topic', 'java-seek', '--count', '10', '--mode', 'assign', '--from', 'offset:10', '--config', 'max.poll.records=10']));
    assert.deepEqual(eventsOf(r, 'record').map((e) => [e.offset, e.value]), range(10, 20).map((i) => [i, value(i)]));
  });
});

test('offsetsForTimes finds the first record of a later produce and the consumer reads on from it', { timeout: 180_000 }, async () => {
  await checkCapability(PEER, 'offsetsForTimes', async () => {
    ok(await javaPeer('producer', broker.bootstrap, ['--topic', 'java-times', '--count', '20']));
    const later = ok(await javaPeer('producer', broker.bootstrap, ['--topic', 'java-times', '--count', '20']));
    const sent = eventsOf(later, 'sent');
    assert.deepEqual(sent.map((e) => e.offset), range(20, 40), 'offsets continue across producers');
    const ts = Math.min(...sent.map((e) => e.timestamp as number));
    const r = ok(await javaPeer('consumer', broker.bootstrap, ['--topic', 'java-times', '--count', '20', '--mode', 'assign', '--from', `timestamp:${ts}`]));
    assert.deepEqual(eventsOf(r, 'offsetsForTimes').map((e) => e.offset), [20]);
    assert.deepEqual(eventsOf(r, 'record').map((e) => e.offset), range(20, 40));
  });
});

test('offsetsForTimes inside one batch answers the first record at or after the time, as Kafka does', { timeout: 180_000 }, async () => {
  await checkCapability(PEER, 'offsetsForTimes-in-batch', async () => {
    ok(await javaPeer('producer', broker.bootstrap, ['--topic', 'java-times-batched', '--count', '10', '--timestamp-base', '1000000', '--config', 'linger.ms=100']));
    const r = ok(await javaPeer('consumer', broker.bootstrap, ['--topic', 'java-times-batched', '--count', '5', '--mode', 'assign', '--from', 'timestamp:1000005']));
    // The ten records share one batch; the answer is the record's offset and timestamp, not the batch's.
    assert.deepEqual(eventsOf(r, 'offsetsForTimes').map((e) => [e.offset, e.timestamp]), [[5, 1000005]]);
    assert.deepEqual(eventsOf(r, 'record').map((e) => e.offset), range(5, 10));
  });
});

test('transactions: committed records reach a read_committed consumer, aborted ones do not', { timeout: 180_000 }, async () => {
  await checkCapability(PEER, 'transactions', async () => {
    await createTopic('java-tx', 1);
    const txn = (count: number, abort: boolean) =>
      javaPeer('producer', broker.bootstrap, ['--topic', 'java-tx', '--partition', '0', '--count', String(count), '--transactional-id', 'java-tx-1', '--abort', String(abort)]);
    ok(await txn(5, false));
    ok(await txn(3, true));
    ok(await txn(4, false));
    const read = ok(await javaPeer('consumer', broker.bootstrap, ['--topic', 'java-tx', '--count', '9', '--config', 'isolation.level=read_committed']));
    const records = eventsOf(read, 'record');
    assert.deepEqual(records.map((e) => e.value), [...range(0, 5), ...range(0, 4)].map(value));
    // Each transaction ends in a control batch of its own: commit at 5, abort at 9.
    assert.deepEqual(records.map((e) => e.offset), [...range(0, 5), ...range(10, 14)]);
  });
});

test('admin: DescribeConfigs answers every topic config; DeleteRecords moves the log start, which ListOffsets earliest follows', { timeout: 180_000 }, async () => {
  await createTopic('java-configs', 1);
  await checkCapability(PEER, 'configs', async () => {
    ok(await javaPeer('admin', broker.bootstrap, ['--op', 'create', '--topic', 'java-configs-set', '--config-entry', 'retention.ms=3600000']));
    const r = ok(await javaPeer('admin', broker.bootstrap, ['--op', 'describe-configs', '--topic', 'java-configs-set']));
    const configs = eventsOf(r, 'configs')[0]!.configs as Record<string, string>;
    // The override the topic was created with, and Kafka 4.4's defaults for the rest.
    assert.equal(configs['retention.ms'], '3600000');
    assert.equal(configs['cleanup.policy'], 'delete');
    assert.equal(configs['segment.bytes'], '1073741824');
    assert.equal(Object.keys(configs).length, TOPIC_CONFIG_DEFS.length, 'every topic config Kafka 4.4 describes');
  });
  await checkCapability(PEER, 'delete-records', async () => {
    const producer = kafkajs.producer();
    await producer.connect();
    try {
      await producer.send({ topic: 'java-configs', messages: range(0, 5).map((i) => ({ value: value(i) })) });
    } finally {
      await producer.disconnect();
    }
    const r = ok(await javaPeer('admin', broker.bootstrap, ['--op', 'delete-records', '--topic', 'java-configs', '--partition', '0', '--offset', '3']));
    assert.deepEqual(eventsOf(r, 'deletedRecords').map((e) => [e.partition, e.lowWatermark]), [[0, 3]]);
    const admin = kafkajs.admin();
    await admin.connect();
    try {
      const [p] = await admin.fetchTopicOffsets('java-configs');
      assert.deepEqual([p!.low, p!.high], ['3', '5'], 'ListOffsets earliest answers the new log start');
    } finally {
      await admin.disconnect();
    }
  });
});

test('a compacted topic takes records without a key, which Kafka refuses (expected failure)', { timeout: 180_000 }, async () => {
  await expectFailure(PEER, 'compaction', ISSUE_15, async () => {
    ok(await javaPeer('admin', broker.bootstrap, ['--op', 'create', '--topic', 'java-compacted', '--config-entry', 'cleanup.policy=compact']));
    // Kafka 4.4 fails each of these with InvalidRecordException: compaction needs a key.
    const r = await javaPeer('producer', broker.bootstrap, ['--topic', 'java-compacted', '--count', '3']);
    assert.equal(r.code, 0, describeRun(r));
    assert.deepEqual(eventsOf(r, 'sent').map((e) => e.offset), [0, 1, 2]);
  });
});
