// needs: peers/java-eras/kafka-clients-0.10.0.1, peers/java-eras/kafka-clients-0.10.2.2, peers/java-eras/kafka-clients-0.11.0.3, peers/java-eras/kafka-clients-1.1.1, peers/java-eras/kafka-clients-2.0.1, peers/m2
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Admin } from '../../src/client/admin.js';
import { inProcessBroker } from '../helpers/broker.js';
import { checkCapability } from '../helpers/compat-check.js';
import { fetchAll } from '../helpers/fetch-all.js';
import { describeRun, eventsOf, runJava, startJava, type PeerEvent, type RunningJava } from '../helpers/java-peers.js';
import { produce } from '../helpers/produce.js';
import { waitForValue } from '../helpers/wait-for.js';

// The old Java clients of issue 16, each running the same program (test/peers/java-eras/
// old-src, streamdash/oldclients) built against its own jar: 0.10.0.1 is what Spark 2.1 to 2.3 ship in
// spark-streaming-kafka-0-10; the others are the versions between it and today's. 0.10.0
// sends ApiVersions but takes what it is given; 0.10.0 and 0.10.2 write message format v1.
const VERSIONS = ['0.10.0.1', '0.10.2.2', '0.11.0.3', '1.1.1', '2.0.1'];
const MAIN = 'streamdash.oldclients.OldClientPeer';

let broker: Awaited<ReturnType<typeof inProcessBroker>>;
let admin: Admin;
before(async () => {
  broker = await inProcessBroker();
  admin = new Admin(broker.bootstrap);
});
after(async () => {
  await admin?.close();
  await broker?.stop();
});

const values = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
const sortedValues = (events: readonly PeerEvent[]) => events.map((e) => String(e.value)).sort();

async function peer(version: string, args: string[]) {
  const r = await runJava(MAIN, args, { era: `kafka-clients-${version}`, timeoutMs: 90_000 });
  assert.equal(r.code, 0, describeRun(r));
  return r;
}

for (const version of VERSIONS) {
  const PEER = { client: 'kafka-clients', version };

  test(`kafka-clients ${version}: produce, consume in a group with commitSync, and a second consumer resumes from the commit`, () =>
    checkCapability(PEER, 'produce+consume', async () => {
      const topic = `old-${version}`;
      await admin.createTopic(topic, { partitions: 3 });
      await peer(version, ['produce', '--bootstrap', broker.bootstrap, '--topic', topic, '--count', '30', '--prefix', 'p']);
      const stored = (await Promise.all([0, 1, 2].map((p) => fetchAll(broker.port, topic, p)))).flatMap((f) => f.records.map((r) => r.value?.toString()));
      assert.deepEqual(stored.sort(), values('p', 30).sort(), 'the broker holds exactly the 30 values');

      const group = ['consume', '--bootstrap', broker.bootstrap, '--topic', topic, '--group', `g-${version}`];
      const first = eventsOf(await peer(version, [...group, '--count', '20']), 'record');
      const second = eventsOf(await peer(version, [...group, '--count', '10']), 'record');
      assert.deepEqual([...sortedValues(first), ...sortedValues(second)].sort(), values('p', 30).sort(), 'the two consumers read every record once between them');
      const committed = (await admin.committedOffsets([`g-${version}`])).get(`g-${version}`)!;
      assert.deepEqual(committed.map((c) => c.offset).reduce((a, b) => a + b, 0), 30, 'the group committed the end of every partition');
    }));

  test(`kafka-clients ${version}: two members split three partitions, and one takes all when the other leaves`, { timeout: 180_000 }, () =>
    checkCapability(PEER, 'groups', async () => {
      const topic = `split-${version}`;
      await admin.createTopic(topic, { partitions: 3 });
      const member = () => startJava(MAIN, ['member', '--bootstrap', broker.bootstrap, '--topic', topic, '--group', `split-${version}`, '--idle-ms', '120000'], { era: `kafka-clients-${version}` });
      const running: RunningJava[] = [];
      try {
        const a = member();
        running.push(a);
        await a.waitFor('assigned');
        const b = member();
        running.push(b);
        const recordsOf = (m: RunningJava) => m.events.filter((e) => e.event === 'record');
        const partitionsOf = (m: RunningJava) => JSON.parse(String(m.events.filter((e) => e.event === 'assigned').at(-1)?.partitions ?? '[]')) as number[];
        await waitForValue('a and b splitting the partitions', async () => [partitionsOf(a), partitionsOf(b)], ([pa, pb]) => pa!.length > 0 && pb!.length > 0 && pa!.length + pb!.length === 3, {
          timeoutMs: 60_000,
          intervalMs: 250,
        });
        assert.deepEqual([...partitionsOf(a), ...partitionsOf(b)].sort(), [0, 1, 2]);

        for (const p of [0, 1, 2]) await produce(broker.bootstrap, topic, values(`one-p${p}`, 5), p);
        const batchOne = [0, 1, 2].flatMap((p) => values(`one-p${p}`, 5)).sort();
        await waitForValue('15 records read between the two', async () => recordsOf(a).length + recordsOf(b).length, (n) => n >= 15, { timeoutMs: 60_000, intervalMs: 250 });
        assert.deepEqual(sortedValues([...recordsOf(a), ...recordsOf(b)]), batchOne, 'each record read once, by one of them');
        const readByB = new Set(recordsOf(b).map((e) => String(e.value)));

        // b leaves (SIGTERM: close() commits and leaves the group); a takes over from what b committed.
        await b.stop();
        await waitForValue('a holding all three partitions', async () => partitionsOf(a), (ps) => ps.length === 3, { timeoutMs: 60_000, intervalMs: 250 });
        for (const p of [0, 1, 2]) await produce(broker.bootstrap, topic, values(`two-p${p}`, 5), p);
        const secondBatch = () => recordsOf(a).filter((e) => String(e.value).startsWith('two-'));
        await waitForValue('a reading the second batch', async () => secondBatch().length, (n) => n >= 15, { timeoutMs: 60_000, intervalMs: 250 });
        assert.deepEqual(sortedValues(secondBatch()), [0, 1, 2].flatMap((p) => values(`two-p${p}`, 5)).sort(), 'a read every record of the second batch, once');
        assert.deepEqual(recordsOf(a).filter((e) => readByB.has(String(e.value))), [], "a read none of b's records again: b's commits held");
      } finally {
        for (const m of running) await m.stop('SIGKILL');
      }
    }));
}
