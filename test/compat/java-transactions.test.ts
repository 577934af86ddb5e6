// needs: peers/java, peers/m2
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Kafka, logLevel } from 'kafkajs';
import { inProcessBroker } from '../helpers/broker.js';
import { checkCapability, type Peer } from '../helpers/compat-check.js';
import { describeRun, eventsOf, javaPeer, KAFKA_VERSION, type JavaRun, type PeerEvent } from '../helpers/java-peers.js';

// kafka-clients 4.4's transactional producer and read_committed consumer against the
// embedded broker (test/peers/java TxnPeer): a transaction over several partitions of two
// topics, committed and aborted; a consume-transform-produce loop crashed mid-transaction and
// restarted; a zombie producer fenced by its successor.
const PEER: Peer = { client: 'kafka-clients', version: KAFKA_VERSION };

let broker: Awaited<ReturnType<typeof inProcessBroker>>;
let kafkajs: Kafka;
before(async () => {
  broker = await inProcessBroker();
  kafkajs = new Kafka({ clientId: 'setup', brokers: [broker.bootstrap], logLevel: logLevel.NOTHING });
});
after(() => broker?.stop());

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

async function createTopics(topics: Record<string, number>) {
  const admin = kafkajs.admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: Object.entries(topics).map(([topic, numPartitions]) => ({ topic, numPartitions })) });
  } finally {
    await admin.disconnect();
  }
}

function ok(r: JavaRun): JavaRun {
  assert.equal(r.code, 0, describeRun(r));
  return r;
}

const txn = (args: string[]) => javaPeer('txn', broker.bootstrap, args);
const read = (topics: string, isolation: 'read_committed' | 'read_uncommitted') => txn(['--op', 'read', '--topics', topics, '--isolation', isolation]);
const values = (records: PeerEvent[]) => records.map((e) => String(e.value)).sort();
const where = (e: PeerEvent) => `${String(e.topic)}-${Number(e.partition)}`;

test('a transaction over five partitions of two topics: read_committed sees the committed one whole and none of the aborted one', { timeout: 120_000 }, async () => {
  await checkCapability(PEER, 'transactions', async () => {
    const topics = { 'jtx-a': 3, 'jtx-b': 2 };
    await createTopics(topics);
    const count = 4;
    const spread = ok(await txn(['--op', 'spread', '--topics', 'jtx-a,jtx-b', '--txn-id', 'jtx-spread', '--count', String(count)]));
    const parts = Object.entries(topics).flatMap(([t, n]) => range(0, n).map((p) => `${t}-${p}`));
    const expected = (outcome: string) => parts.flatMap((tp) => range(0, count).map((i) => `${outcome}-${tp}-${i}`)).sort();
    // In every partition: the committed records, its commit marker, the aborted records, their abort marker.
    for (const e of eventsOf(spread, 'sent')) {
      const i = Number(String(e.value).split('-').at(-1));
      assert.equal(e.offset, String(e.value).startsWith('commit') ? i : count + 1 + i, `offset of ${String(e.value)}`);
    }
    assert.deepEqual(values(eventsOf(spread, 'sent')), [...expected('abort'), ...expected('commit')].sort());

    const [committed, uncommitted] = await Promise.all([read('jtx-a,jtx-b', 'read_committed'), read('jtx-a,jtx-b', 'read_uncommitted')]);
    ok(committed);
    ok(uncommitted);
    assert.deepEqual(values(eventsOf(committed, 'record')), expected('commit'), 'read_committed: exactly the committed records');
    assert.deepEqual(values(eventsOf(uncommitted, 'record')), [...expected('abort'), ...expected('commit')].sort(), 'read_uncommitted: both');
    // Both transactions ended, so the LSO (read_committed's end offset) is the high watermark, past the abort marker.
    for (const r of [committed, uncommitted]) {
      assert.deepEqual(eventsOf(r, 'end').map((e) => [where(e), e.offset]).sort(), parts.map((tp) => [tp, 2 * count + 2]).sort());
    }
  });
});

test('consume-transform-produce with sendOffsetsToTransaction, crashed mid-transaction and restarted: every input record is in the output exactly once', { timeout: 150_000 }, async () => {
  await checkCapability(PEER, 'transactions', async () => {
    await createTopics({ 'jtx-in': 2, 'jtx-out': 3 });
    const inputs = range(0, 60);
    const producer = kafkajs.producer();
    await producer.connect();
    try {
      await producer.send({ topic: 'jtx-in', messages: inputs.map((i) => ({ partition: i % 2, value: `in-${i}` })) });
    } finally {
      await producer.disconnect();
    }
    const loop = (extra: string[]) =>
      txn(['--op', 'ctp', '--input', 'jtx-in', '--output', 'jtx-out', '--group', 'jtx-ctp', '--txn-id', 'jtx-ctp-1', '--config', 'max.poll.records=10', ...extra]);

    const crashed = await loop(['--crash-after', '2', '--idle-ms', '10000']);
    assert.equal(crashed.code, 3, `the loop halts itself with its transaction open\n${describeRun(crashed)}`);
    const before = eventsOf(crashed, 'txn');
    assert.equal(before.length, 2, describeRun(crashed));
    const open = Number(eventsOf(crashed, 'crashing')[0]!.open);
    assert.ok(open > 0, 'records were sent in the transaction left open');

    const restarted = ok(await loop(['--idle-ms', '3000']));
    // It resumes where the committed transactions' offsets say: the input offsets went with the output.
    const resumedAt = eventsOf(restarted, 'resume').reduce((sum, e) => sum + Number(e.offset), 0);
    assert.equal(resumedAt, before.reduce((sum, e) => sum + Number(e.records), 0), 'resumed at the offsets the two commits sent');
    assert.equal(Number(eventsOf(restarted, 'done')[0]!.processed) + resumedAt, inputs.length);

    const [committed, uncommitted] = await Promise.all([read('jtx-out', 'read_committed'), read('jtx-out', 'read_uncommitted')]);
    const out = eventsOf(ok(committed), 'record');
    assert.deepEqual(values(out), inputs.map((i) => `out-in-${i}`).sort(), 'read_committed: each input once');
    assert.deepEqual(out.map((e) => String(e.key)).sort(), inputs.map((i) => `${i % 2}:${Math.floor(i / 2)}`).sort(), 'keyed by the input partition and offset it came from');
    assert.equal(eventsOf(ok(uncommitted), 'record').length, inputs.length + open, 'read_uncommitted also sees what the crashed transaction sent');

    const admin = kafkajs.admin();
    await admin.connect();
    try {
      const [offsets] = await admin.fetchOffsets({ groupId: 'jtx-ctp', topics: ['jtx-in'] });
      assert.deepEqual(offsets!.partitions.map((p) => [p.partition, p.offset]).sort(), [[0, '30'], [1, '30']], 'the group committed the whole input');
    } finally {
      await admin.disconnect();
    }
  });
});

test('a second producer with the same transactional.id fences the first, whose open transaction is aborted', { timeout: 120_000 }, async () => {
  await checkCapability(PEER, 'transactions', async () => {
    await createTopics({ 'jtx-fence': 1 });
    const r = ok(await txn(['--op', 'fence', '--topic', 'jtx-fence', '--txn-id', 'jtx-fence-1']));
    const fenced = eventsOf(r, 'fenced');
    assert.equal(fenced.length, 1, `the zombie's commit must fail\n${describeRun(r)}`);
    assert.match(String(fenced[0]!.type), /^org\.apache\.kafka\.common\.errors\.(ProducerFencedException|InvalidProducerEpochException)$/);

    const [committed, uncommitted] = await Promise.all([read('jtx-fence', 'read_committed'), read('jtx-fence', 'read_uncommitted')]);
    assert.deepEqual(eventsOf(ok(committed), 'record').map((e) => [e.offset, e.value]), range(0, 3).map((i) => [6 + i, `successor-${i}`]), 'the zombie records are skipped');
    // The zombie's five records, the abort marker its successor's init wrote, the successor's three, its commit marker.
    assert.deepEqual(
      eventsOf(ok(uncommitted), 'record').map((e) => [e.offset, e.value]),
      [...range(0, 5).map((i) => [i, `zombie-${i}`]), ...range(0, 3).map((i) => [6 + i, `successor-${i}`])],
    );
    assert.deepEqual(eventsOf(committed, 'end').map((e) => e.offset), [10]);
  });
});
