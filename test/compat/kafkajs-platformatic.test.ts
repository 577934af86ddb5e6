import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Admin, Consumer, Producer, stringSerializers } from '@platformatic/kafka';
import { Kafka, logLevel } from 'kafkajs';
import { inProcessBroker, REPO_ROOT } from '../helpers/broker.js';
import { checkCapability, type Peer } from '../helpers/compat-check.js';

// The two JavaScript clients users bring, without consumer groups: an admin
// creates a topic, a producer writes to it, and a plain fetch loop reads every
// message back. (Group consumers are covered by the consumer-group tests.)
let broker: Awaited<ReturnType<typeof inProcessBroker>>;
before(async () => {
  broker = await inProcessBroker();
});
after(() => broker?.stop());

/** The client as installed in node_modules, for the compat record. */
function installed(name: string): Peer {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string };
  return { client: name, version: pkg.version };
}

/** Reads partitions 0..n-1 of `topic` to their ends with @platformatic/kafka's group-less Consumer.fetch. */
async function readAll(topic: string, partitions: number): Promise<Map<number, { key: string; value: string; headers: [string, string][] }[]>> {
  const consumer = new Consumer({ groupId: 'unused-no-join', clientId: 'reader', bootstrapBrokers: [broker.bootstrap] });
  const out = new Map<number, { key: string; value: string; headers: [string, string][] }[]>();
  try {
    const ends = await consumer.listOffsets({ topics: [topic] });
    for (let p = 0; p < partitions; p++) {
      const end = Number(ends.get(topic)![p]);
      const rows: { key: string; value: string; headers: [string, string][] }[] = [];
      let offset = 0n;
      while (offset < BigInt(end)) {
        const res = await consumer.fetch({
          node: 1,
          topics: [{ topicId: topic, partitions: [{ partition: p, currentLeaderEpoch: -1, fetchOffset: offset, lastFetchedEpoch: -1, partitionMaxBytes: 1 << 20 }] }],
        } as never);
        const part = res.responses[0]!.partitions[0]!;
        assert.equal(part.errorCode, 0);
        for (const batch of part.records ?? []) {
          for (const r of batch.records) {
            const at = batch.firstOffset + BigInt(r.offsetDelta);
            if (at < offset) continue;
            rows.push({ key: r.key!.toString(), value: r.value!.toString(), headers: r.headers.map(([k, v]) => [k!.toString(), v!.toString()]) });
          }
          offset = batch.firstOffset + BigInt(batch.lastOffsetDelta) + 1n;
        }
      }
      out.set(p, rows);
    }
  } finally {
    await consumer.close();
  }
  return out;
}

function expectedMessages(n: number) {
  return Array.from({ length: n }, (_, i) => ({ key: `user-${i % 10}`, value: `{"n":${i},"name":"淘宝"}`, headers: [['source', 'test']] as [string, string][] }));
}

function sortedValues(read: Map<number, { value: string }[]>): string[] {
  return [...read.values()].flat().map((r) => r.value).sort();
}

test('kafkajs 2.2.4: admin creates a topic, a producer writes, every message reads back', () =>
  checkCapability(installed('kafkajs'), 'produce+consume', async () => {
    const kafka = new Kafka({ brokers: [broker.bootstrap], clientId: 'kjs', logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    assert.equal(await admin.createTopics({ topics: [{ topic: 'kjs', numPartitions: 3 }] }), true);
    const meta = await admin.fetchTopicMetadata({ topics: ['kjs'] });
    assert.equal(meta.topics[0]!.partitions.length, 3);
    const producer = kafka.producer();
    await producer.connect();
    const messages = expectedMessages(300);
    await producer.send({ topic: 'kjs', acks: -1, messages: messages.map((m) => ({ key: m.key, value: m.value, headers: { source: 'test' } })) });
    await producer.disconnect();
    const offsets = await admin.fetchTopicOffsets('kjs');
    assert.equal(offsets.reduce((sum, o) => sum + Number(o.high), 0), 300);
    await admin.disconnect();

    const read = await readAll('kjs', 3);
    assert.deepEqual(sortedValues(read), messages.map((m) => m.value).sort());
    for (const rows of read.values()) {
      for (const r of rows) assert.deepEqual(r.headers, [['source', 'test']]);
      // kafkajs's default partitioner hashes keys: one key, one partition.
      assert.ok(rows.every((r) => [...read.values()].filter((other) => other.some((o) => o.key === r.key)).length === 1));
    }
  }));

test('@platformatic/kafka: admin creates a topic, a producer writes, every message reads back', () =>
  checkCapability(installed('@platformatic/kafka'), 'produce+consume', async () => {
    const admin = new Admin({ clientId: 'pk-admin', bootstrapBrokers: [broker.bootstrap] });
    await admin.createTopics({ topics: ['pk'], partitions: 2, replicas: 1 });
    const meta = await admin.metadata({ topics: ['pk'] });
    assert.equal(meta.topics.get('pk')!.partitionsCount, 2);
    await admin.close();

    const producer = new Producer({ clientId: 'pk-producer', bootstrapBrokers: [broker.bootstrap], serializers: stringSerializers });
    const messages = expectedMessages(200);
    await producer.send({ messages: messages.map((m, i) => ({ topic: 'pk', key: m.key, value: m.value, headers: { source: 'test' }, partition: i % 2 })) });
    await producer.close();

    const read = await readAll('pk', 2);
    assert.equal(read.get(0)!.length, 100);
    assert.deepEqual(read.get(0)!.map((r) => r.value), messages.filter((_, i) => i % 2 === 0).map((m) => m.value));
    assert.deepEqual(sortedValues(read), messages.map((m) => m.value).sort());
  }));
