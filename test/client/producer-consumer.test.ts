import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BatchSender, consumeLoop, createAdmin, createProducer, UnknownTopicError, type TextRecord } from '../../src/client/index.js';
import { inProcessBroker } from '../helpers/broker.js';
import { fetchAll } from '../helpers/fetch-all.js';

let broker: Awaited<ReturnType<typeof inProcessBroker>>;
before(async () => {
  broker = await inProcessBroker();
});
after(() => broker?.stop());

test('the admin creates, describes and deletes a topic; an unknown one is an UnknownTopicError', async () => {
  const admin = createAdmin(broker.bootstrap);
  try {
    await admin.createTopic('described', { partitions: 3 });
    const t = await admin.describeTopic('described');
    assert.deepEqual(t.partitions.map((p) => p.partition), [0, 1, 2]);
    assert.ok(t.partitions.every((p) => p.leader >= 0 && p.replicas.length === 1));
    await admin.deleteTopic('described');
    assert.ok(!(await admin.listTopics()).includes('described'));
    await assert.rejects(admin.describeTopic('never-made'), UnknownTopicError);
  } finally {
    await admin.close();
  }
});

test('a batch sender delivers every message once across partitions, a key always to one partition', async () => {
  const admin = createAdmin(broker.bootstrap);
  await admin.createTopic('spread', { partitions: 3 });
  await admin.close();
  const producer = createProducer(broker.bootstrap);
  const sender = new BatchSender(producer, { batchSize: 500, maxInFlight: 2 });
  try {
    for (let i = 0; i < 6000; i++) {
      sender.push({ topic: 'spread', key: `user-${i % 40}`, value: String(i) });
      if (sender.full) await sender.ready();
    }
    await sender.flush();
    assert.equal(sender.acked, 6000);
  } finally {
    await producer.close();
  }
  const seen: string[] = [];
  const partitionOfKey = new Map<string, number>();
  for (const p of [0, 1, 2]) {
    const { records } = await fetchAll(broker.port, 'spread', p);
    assert.ok(records.length > 0, `partition ${p} got nothing`);
    for (const r of records) {
      const key = r.key!.toString();
      assert.equal(partitionOfKey.get(key) ?? p, p, `${key} is on two partitions`);
      partitionOfKey.set(key, p);
      seen.push(r.value!.toString());
    }
  }
  assert.deepEqual(seen.map(Number).sort((a, b) => a - b), Array.from({ length: 6000 }, (_, i) => i));
});

test('the consume loop reads from the beginning, stops at max-messages, and a group resumes exactly after what was handled', async () => {
  const producer = createProducer(broker.bootstrap);
  const sender = new BatchSender(producer);
  for (let i = 0; i < 20; i++) sender.push({ topic: 'console', value: `m${i}` });
  await sender.flush();
  await producer.close();

  const read = async (opts: { groupId?: string; maxMessages?: number }) => {
    const values: (string | null)[] = [];
    const summary = await consumeLoop({ bootstrap: broker.bootstrap, topics: ['console'], fromBeginning: true, idleTimeoutMs: 1500, ...opts }, (m: TextRecord) => values.push(m.value));
    return { values, summary };
  };
  const all = await read({});
  assert.deepEqual(all.values, Array.from({ length: 20 }, (_, i) => `m${i}`));
  assert.equal(all.summary.reason, 'idle-timeout');

  const first = await read({ groupId: 'g1', maxMessages: 5 });
  assert.deepEqual(first.values, ['m0', 'm1', 'm2', 'm3', 'm4']);
  assert.equal(first.summary.reason, 'max-messages');
  const rest = await read({ groupId: 'g1' });
  assert.deepEqual(rest.values, Array.from({ length: 15 }, (_, i) => `m${i + 5}`));
});

test('a send to a broker that is not there fails with a SendFailedError naming the topic', { timeout: 60_000 }, async () => {
  const producer = createProducer('127.0.0.1:1', 'nowhere');
  const sender = new BatchSender(producer);
  sender.push({ topic: 'lost', value: 'x' });
  await assert.rejects(sender.flush(), /sending 1 message\(s\) to topic "lost" failed/);
  await producer.close();
});
