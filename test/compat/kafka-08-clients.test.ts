// needs: peers/java-eras/kafka-0.8.2.2, peers/m2
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { inProcessBroker } from '../helpers/broker.js';
import { checkCapability, type Peer } from '../helpers/compat-check.js';
import { fetchAll } from '../helpers/fetch-all.js';
import { describeRun, eventsOf, runJava } from '../helpers/java-peers.js';
import { produce } from '../helpers/produce.js';

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
