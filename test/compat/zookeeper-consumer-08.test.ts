// needs: peers/java-eras/kafka-0.8.2.2, peers/m2
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { Admin } from '../../src/client/admin.js';
import { CLI, inProcessBroker, tempDir } from '../helpers/broker.js';
import { checkCapability, type Peer } from '../helpers/compat-check.js';
import { run } from '../helpers/exec.js';
import { describeRun, runJava, startJava, type PeerEvent, type RunningJava } from '../helpers/java-peers.js';
import { produce } from '../helpers/produce.js';
import { waitForValue } from '../helpers/wait-for.js';

// Kafka 0.8.2.2's ZooKeeper-based high-level consumer against the broker's ZooKeeper facade, as
// the seeds run it: `kafka-console-consumer.sh --zookeeper localhost:2181 --topic T --from-beginning`
// and the ZookeeperConsumerConnector under Spark's createStream. The consumers keep their group in
// ZooKeeper (ids, owners, offsets) and fetch from the broker with Fetch v0; the broker shows those
// groups, their offsets and their lag through the Kafka protocol (`streamdash groups describe`).
const PEER: Peer = { client: 'Kafka 0.8.2.2 high-level consumer (--zookeeper)', version: '0.8.2.2' };
const ERA = 'kafka-0.8.2.2';

/** kafka.tools.ConsoleConsumer of 0.8.2.2: its group comes from --consumer.config (0.8 has no --group). */
async function consoleConsumer(zk: string, topic: string, group: string, args: string[]): Promise<string[]> {
  const dir = tempDir('streamdash-console-08-');
  try {
    const config = `${dir}/consumer.properties`;
    writeFileSync(config, `group.id=${group}\n`);
    const r = await runJava('kafka.tools.ConsoleConsumer', ['--zookeeper', zk, '--topic', topic, '--consumer.config', config, ...args], {
      era: ERA,
      timeoutMs: 90_000,
      jvm: ['-Dlog4j.configuration=file:/dev/null'],
    });
    assert.equal(r.code, 0, describeRun(r));
    return r.stdout.split('\n').filter((l) => l !== '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function groupsDescribe(bootstrap: string, group: string) {
  const r = await run(process.execPath, [CLI, '--log-level', 'silent', 'groups', 'describe', group, '--json', '--bootstrap', bootstrap], { timeoutMs: 20_000 });
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as { state: string; protocolType: string; members: { memberId: string; partitions: string[] }[]; partitions: { partition: number; committedOffset: number | null; logEndOffset: number; lag: number | null }[] };
}

test("the seeds' console consumer with --zookeeper --from-beginning, then a resume from the offsets it stored in ZooKeeper, across a broker restart", { timeout: 240_000 }, () =>
  checkCapability(PEER, 'consume', async () => {
    const dataDir = tempDir();
    let broker = await inProcessBroker({ zookeeperPort: 0, dataDir });
    try {
      const first = Array.from({ length: 5 }, (_, i) => `first-${i}`);
      await produce(broker.bootstrap, 'dblab', first);
      const zk = () => `127.0.0.1:${broker.zookeeper!.port}`;
      assert.deepEqual(await consoleConsumer(zk(), 'dblab', 'seed-group', ['--from-beginning', '--max-messages', '5']), first);

      // The offsets live in the facade's durable tree: they survive the broker going down and up.
      await broker.stop();
      broker = await inProcessBroker({ zookeeperPort: 0, dataDir });
      const next = Array.from({ length: 3 }, (_, i) => `next-${i}`);
      await produce(broker.bootstrap, 'dblab', next);
      assert.deepEqual(await consoleConsumer(zk(), 'dblab', 'seed-group', ['--max-messages', '3']), next, 'the restarted consumer resumes after what it read, no record twice');

      await produce(broker.bootstrap, 'dblab', ['late-0', 'late-1']);
      const described = await groupsDescribe(broker.bootstrap, 'seed-group');
      assert.equal(described.protocolType, 'zookeeper');
      assert.equal(described.state, 'Empty');
      assert.deepEqual(described.partitions.map((p) => [p.partition, p.committedOffset, p.logEndOffset, p.lag]), [[0, 8, 10, 2]]);
    } finally {
      await broker.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }),
);

/** Every record a peer printed, as `partition:offset` → value. */
function recordsOf(events: readonly PeerEvent[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of events) {
    if (e.event !== 'record') continue;
    const key = `${String(e.partition)}:${String(e.offset)}`;
    assert.equal(out.has(key), false, `record ${key} read twice by one consumer`);
    out.set(key, String(e.value));
  }
  return out;
}

test('two ZookeeperConsumerConnectors split a three-partition topic, and one takes all when the other stops', { timeout: 240_000 }, () =>
  checkCapability(PEER, 'groups', async () => {
    const broker = await inProcessBroker({ zookeeperPort: 0 });
    const peers: RunningJava[] = [];
    try {
      const admin = new Admin(broker.bootstrap);
      await admin.createTopic('clicks', { partitions: 3 });
      await admin.close();
      const zk = `127.0.0.1:${broker.zookeeper!.port}`;
      const start = (id: string) => {
        const p = startJava('streamdash.peers08.HighLevelConsumerPeer', ['--zookeeper', zk, '--group', 'spark', '--topic', 'clicks', '--client-id', id, '--idle-ms', '120000'], { era: ERA });
        peers.push(p);
        return p;
      };
      const a = start('a');
      await a.waitFor('started');
      const b = start('b');
      await b.waitFor('started');

      // The broker shows the ZooKeeper group: both consumers, the three partitions split between them.
      const split = await waitForValue(
        'the group split over two members',
        () => groupsDescribe(broker.bootstrap, 'spark'),
        (g) => g.members.length === 2 && g.members.every((m) => m.partitions.length > 0) && g.members.flatMap((m) => m.partitions).length === 3,
        { timeoutMs: 60_000, intervalMs: 500 },
      );
      assert.equal(split.state, 'Stable');
      assert.deepEqual(split.members.flatMap((m) => m.partitions).sort(), ['clicks-0', 'clicks-1', 'clicks-2']);

      const batch = (name: string) => [0, 1, 2].map((p) => Array.from({ length: 10 }, (_, i) => `${name}-p${p}-${i}`));
      const one = batch('one');
      for (const p of [0, 1, 2]) await produce(broker.bootstrap, 'clicks', one[p]!, p);
      await waitForValue('30 records read between the two', async () => recordsOf(a.events).size + recordsOf(b.events).size, (n) => n >= 30, { timeoutMs: 60_000, intervalMs: 250 });
      const [readA, readB] = [recordsOf(a.events), recordsOf(b.events)];
      assert.ok(readA.size > 0 && readB.size > 0, `both read: a ${readA.size}, b ${readB.size}`);
      assert.deepEqual([...readA.values(), ...readB.values()].sort(), one.flat().sort(), 'each record read once, by one of them');

      // b leaves (SIGTERM: it commits its offsets and deregisters); a takes over b's partitions from where b stopped.
      // A JVM ended by SIGTERM exits 143 after its shutdown hooks; the peer's 'done' says it committed and left first.
      assert.equal(await b.stop(), 143);
      assert.ok(b.events.some((e) => e.event === 'done'), `b shut down cleanly: ${JSON.stringify(b.events.slice(-3))}`);
      await waitForValue('a alone holding the three partitions', () => groupsDescribe(broker.bootstrap, 'spark'), (g) => g.members.length === 1 && g.members[0]!.partitions.length === 3, {
        timeoutMs: 60_000,
        intervalMs: 500,
      });
      const two = batch('two');
      for (const p of [0, 1, 2]) await produce(broker.bootstrap, 'clicks', two[p]!, p);
      await waitForValue('a reading the second 30', async () => recordsOf(a.events).size, (n) => n >= readA.size + 30, { timeoutMs: 60_000, intervalMs: 250 });
      const after = recordsOf(a.events);
      const secondRead = [...after].filter(([key]) => !readA.has(key)).map(([, v]) => v);
      assert.deepEqual(secondRead.sort(), two.flat().sort(), 'a read every record of the second batch, and none of b\'s again');

      const described = await groupsDescribe(broker.bootstrap, 'spark');
      await waitForValue('a committing 20 on each partition', () => groupsDescribe(broker.bootstrap, 'spark'), (g) => g.partitions.every((p) => p.committedOffset === 20), { timeoutMs: 30_000, intervalMs: 500 });
      assert.deepEqual(described.partitions.map((p) => p.logEndOffset), [20, 20, 20]);
    } finally {
      for (const p of peers) await p.stop('SIGKILL');
      await broker.stop();
    }
  }),
);
