// needs: peers/java-eras/kafka-0.8.2.2, peers/java-eras/kafka-0.8.2.2-scala-2.11, peers/m2
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Admin } from '../../src/client/admin.js';
import { inProcessBroker, REPO_ROOT, tempDir } from '../helpers/broker.js';
import { run } from '../helpers/exec.js';
import { checkCapability, type Peer } from '../helpers/compat-check.js';
import { fetchAll } from '../helpers/fetch-all.js';
import { describeRun, eraClasspath, eventsOf, QUICK_JVM, runJava } from '../helpers/java-peers.js';
import { produce } from '../helpers/produce.js';
import { waitFor } from '../helpers/wait-for.js';

// Kafka 0.8.2.2's own clients, as seed 001 uses them: the Scala producer with
// metadata.broker.list (its UserBehaviorMsgProducer's settings; Produce v0, message format v0)
// and the SimpleConsumer under Spark's 0.8 createDirectStream (ListOffsets v0, Fetch v0, the
// stored v2 batches converted down to magic 0). Neither sends ApiVersions.
const PEER: Peer = { client: 'Kafka 0.8.2.2 clients (Scala producer, SimpleConsumer)', version: '0.8.2.2' };
const ERA = 'kafka-0.8.2.2';

let broker: Awaited<ReturnType<typeof inProcessBroker>>;
before(async () => {
  broker = await inProcessBroker();
});
after(() => broker?.stop());

const values = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

async function oldProducer(topic: string, prefix: string, count: number, codec = 'none') {
  const r = await runJava('streamdash.peers08.OldProducerPeer', ['--broker-list', broker.bootstrap, '--topic', topic, '--count', String(count), '--prefix', prefix, '--codec', codec], {
    era: ERA,
    timeoutMs: 90_000,
    jvm: ['-Dlog4j.configuration=file:/dev/null'],
  });
  assert.equal(r.code, 0, describeRun(r));
  assert.equal(eventsOf(r, 'done').length, 1, describeRun(r));
}

async function simpleConsumer(topic: string) {
  const r = await runJava('streamdash.peers08.SimpleConsumerPeer', ['--broker', broker.bootstrap, '--topic', topic], { era: ERA, timeoutMs: 90_000, jvm: ['-Dlog4j.configuration=file:/dev/null'] });
  assert.equal(r.code, 0, describeRun(r));
  return eventsOf(r, 'record').map((e) => ({ offset: e.offset as number, value: e.value as string }));
}

const stored = async (topic: string) => (await fetchAll(broker.port, topic)).records.map((r) => ({ offset: r.offset, value: r.value?.toString() ?? null }));

test("seed 001's producer settings (metadata.broker.list, StringEncoder, async) write every message, in order", () =>
  checkCapability(PEER, 'produce', async () => {
    await oldProducer('user-behavior-topic', 'page', 40);
    assert.deepEqual(await stored('user-behavior-topic'), values('page', 40).map((value, offset) => ({ offset, value })));
  }),
);

for (const codec of ['gzip', 'snappy'] as const) {
  test(`the 0.8 producer's ${codec}-compressed message sets are stored record for record`, () =>
    checkCapability(PEER, `compression:${codec}`, async () => {
      const topic = `old-${codec}`;
      await oldProducer(topic, codec, 30, codec);
      assert.deepEqual(await stored(topic), values(codec, 30).map((value, offset) => ({ offset, value })));
      assert.deepEqual(await simpleConsumer(topic), values(codec, 30).map((value, offset) => ({ offset, value })), 'and read back by the 0.8 SimpleConsumer');
    }),
  );
}

test("the SimpleConsumer reads a topic written by today's producer and by the 0.8 one, offsets continuing", () =>
  checkCapability(PEER, 'consume', async () => {
    await produce(broker.bootstrap, 'mixed', values('new', 10), 0);
    await oldProducer('mixed', 'old', 10);
    await produce(broker.bootstrap, 'mixed', values('newer', 5), 0);
    const expected = [...values('new', 10), ...values('old', 10), ...values('newer', 5)].map((value, offset) => ({ offset, value }));
    assert.deepEqual(await simpleConsumer('mixed'), expected);
  }),
);

// Seed 001's own Scala producer, compiled from its source (test/compat/seeds) by the Scala 2.11.12
// compiler against kafka_2.11 0.8.2.2 (the seed's Scala 2.10 compiler cannot run on Java 9 or
// later; see test/peers/java-eras/kafka-0.8.2.2-scala-2.11), then run as the seed runs it,
// `UserBehaviorMsgProducerClient <broker> <topic>`, until its first batch is in.
test("seed 001's UserBehaviorMsgProducer, compiled from the seed's Scala, writes exactly the lines it prints", { timeout: 180_000 }, () =>
  checkCapability({ client: 'Kafka 0.8.2.2 Scala producer (seed 001, compiled)', version: '0.8.2.2, Scala 2.11.12' }, 'produce', async () => {
    const cp = eraClasspath('kafka-0.8.2.2-scala-2.11');
    const out = tempDir('streamdash-seed-scala-');
    try {
      const compiled = await run('java', [...QUICK_JVM, '-Xmx512m', '-cp', cp, 'scala.tools.nsc.Main', '-usejavacp', '-d', out, join(REPO_ROOT, 'test/compat/seeds/UserBehaviorMsgProducer.scala')], { timeoutMs: 120_000 });
      assert.equal(compiled.code, 0, `scalac failed:\n${compiled.stdout}\n${compiled.stderr}`);
      const admin = new Admin(broker.bootstrap);
      await admin.createTopic('user-behavior-seed', { partitions: 1 });
      await admin.close();

      const producer = spawn('java', [...QUICK_JVM, '-Xmx256m', '-Dlog4j.configuration=file:/dev/null', '-cp', `${out}:${cp}`, 'UserBehaviorMsgProducerClient', broker.bootstrap, 'user-behavior-seed'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      producer.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      producer.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-3000)));
      try {
        // The seed prints each message, then "N user behavior messages produced."; its async producer sends within 5 s.
        const printed = await waitFor('the first batch printed', () => {
          const lines = stdout.split('\n');
          const end = lines.findIndex((l) => / user behavior messages produced\.$/.test(l));
          return end >= 0 && lines.slice(0, end);
        }, { timeoutMs: 60_000 });
        for (const line of printed) assert.match(line, /^page\d+\|\d\|\d+\.\d+\|(-1|0|1)$/, `a message as the seed formats it: ${line}`);
        const heldLines = async () => (await fetchAll(broker.port, 'user-behavior-seed')).records.map((r) => r.value?.toString());
        await waitFor(`the ${printed.length} messages on the broker`, async () => (await heldLines()).length >= printed.length, { timeoutMs: 30_000 });
        assert.deepEqual((await heldLines()).slice(0, printed.length), printed);
      } catch (err) {
        throw new Error(`${String(err)}\nstdout: ${stdout.slice(-2000)}\nstderr: ${stderr}`, { cause: err });
      } finally {
        producer.kill('SIGKILL');
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }),
);
