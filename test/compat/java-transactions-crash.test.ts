// needs: peers/java, peers/m2
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { test } from 'node:test';
import { Kafka, logLevel } from 'kafkajs';
import { freePort, spawnBroker, tempDir } from '../helpers/broker.js';
import { checkCapability, type Peer } from '../helpers/compat-check.js';
import { describeRun, eventsOf, javaPeer, KAFKA_VERSION, startJava } from '../helpers/java-peers.js';

// kafka-clients 4.4's consume-transform-produce loop (test/peers/java TxnPeer) against
// `streamdash broker` as a process, which is killed with SIGKILL mid-run and restarted on the
// same port and data dir. The loop rides through or, when a call fails, is restarted the way a
// supervisor would; either way the output holds each input record exactly once.
const PEER: Peer = { client: 'kafka-clients', version: KAFKA_VERSION };
const INPUTS = 400;

test('a consume-transform-produce loop across a kill -9 of the broker: every input record in the read_committed output exactly once', { timeout: 120_000 }, async (t) => {
  await checkCapability(PEER, 'transactions', async () => {
    const dataDir = tempDir();
    const port = await freePort();
    let broker = await spawnBroker(dataDir, port);
    try {
      const kafka = new Kafka({ clientId: 'setup', brokers: [broker.bootstrap], logLevel: logLevel.NOTHING });
      const admin = kafka.admin();
      await admin.connect();
      await admin.createTopics({ topics: [{ topic: 'jcx-in', numPartitions: 2 }, { topic: 'jcx-out', numPartitions: 2 }] });
      await admin.disconnect();
      const producer = kafka.producer();
      await producer.connect();
      await producer.send({ topic: 'jcx-in', messages: Array.from({ length: INPUTS }, (_, i) => ({ partition: i % 2, value: `in-${i}` })) });
      await producer.disconnect();

      const loop = () =>
        startJava('streamdash.peers.TxnPeer', [
          '--bootstrap', broker.bootstrap, '--op', 'ctp', '--input', 'jcx-in', '--output', 'jcx-out', '--group', 'jcx', '--txn-id', 'jcx-1', '--idle-ms', '4000',
          '--config', 'max.poll.records=5', '--config', 'transaction.timeout.ms=5000',
        ]);
      let running = loop();
      await running.waitFor('txn', 5, 60_000);
      broker.proc.kill('SIGKILL');
      await broker.exited;
      const committedBefore = running.events.filter((e) => e.event === 'txn').length;
      broker = await spawnBroker(dataDir, port);

      // A loop whose call failed while the broker was away exits; a new instance takes over its transactional id.
      let restarts = 0;
      for (;;) {
        const code = await running.exited;
        const done = running.events.some((e) => e.event === 'done');
        if (code === 0 && done) break;
        assert.ok(restarts < 3, `the loop keeps failing: ${JSON.stringify(running.events.slice(-3))}`);
        restarts++;
        running = loop();
      }
      t.diagnostic(`killed after ${committedBefore} commits seen; loop restarts: ${restarts}`);

      const [committed, uncommitted] = await Promise.all(
        ['read_committed', 'read_uncommitted'].map((isolation) => javaPeer('txn', broker.bootstrap, ['--op', 'read', '--topics', 'jcx-out', '--isolation', isolation])),
      );
      assert.equal(committed!.code, 0, describeRun(committed!));
      assert.equal(uncommitted!.code, 0, describeRun(uncommitted!));
      const out = eventsOf(committed!, 'record');
      const byKey = new Map<string, number>();
      for (const e of out) byKey.set(String(e.key), (byKey.get(String(e.key)) ?? 0) + 1);
      const twice = [...byKey].filter(([, n]) => n > 1).map(([k]) => k);
      assert.deepEqual(twice, [], 'no input record is in the committed output twice');
      assert.equal(byKey.size, INPUTS, 'every input record is in the committed output');
      assert.deepEqual(out.map((e) => String(e.value)).sort(), Array.from({ length: INPUTS }, (_, i) => `out-in-${i}`).sort());
      t.diagnostic(`read_uncommitted sees ${eventsOf(uncommitted!, 'record').length} output records (aborted ones included)`);
    } finally {
      await broker.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
