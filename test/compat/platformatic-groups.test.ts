import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Consumer, MessagesStreamFallbackModes, MessagesStreamModes, Producer, stringDeserializers, stringSerializers } from '@platformatic/kafka';
import { inProcessBroker } from '../helpers/broker.js';
import { fetchAll } from '../helpers/fetch-all.js';
import { coordinatorReady, createTopic, fetchCommitted } from '../broker/groups/raw-group.js';
import { storedBatchHeaders } from '../broker/producers/batch-headers.js';

// @platformatic/kafka 1.35, the client streamdash itself uses: a consumer
// group that commits, and an idempotent producer.
let broker: Awaited<ReturnType<typeof inProcessBroker>>;
before(async () => {
  broker = await inProcessBroker();
  await coordinatorReady(broker.port);
});
after(() => broker?.stop());

async function produce(topic: string, values: string[], partitions: number): Promise<void> {
  const producer = new Producer({ clientId: 'plat-producer', bootstrapBrokers: [broker.bootstrap], serializers: stringSerializers });
  try {
    await producer.send({ messages: values.map((value, i) => ({ topic, value, partition: i % partitions })) });
  } finally {
    await producer.close();
  }
}

/** Reads `count` messages as one member of `group`, committing each, then leaves. */
async function consumeAndCommit(group: string, topic: string, count: number): Promise<string[]> {
  const consumer = new Consumer({
    clientId: 'plat-consumer',
    groupId: group,
    bootstrapBrokers: [broker.bootstrap],
    deserializers: stringDeserializers,
    sessionTimeout: 6000,
    heartbeatInterval: 500,
    maxWaitTime: 200,
  });
  const values: string[] = [];
  try {
    const stream = await consumer.consume({
      topics: [topic],
      mode: MessagesStreamModes.COMMITTED,
      fallbackMode: MessagesStreamFallbackModes.EARLIEST,
      autocommit: false,
    });
    for await (const message of stream) {
      values.push(message.value);
      await message.commit();
      if (values.length >= count) break;
    }
    await stream.close();
  } finally {
    await consumer.close();
  }
  return values;
}

test('@platformatic/kafka: a consumer group commits as it reads, and the next member of the group resumes after the commits', { timeout: 60000 }, async () => {
  await createTopic(broker.port, 'plat', 2);
  const first = Array.from({ length: 40 }, (_, i) => `first-${i}`);
  await produce('plat', first, 2);
  assert.deepEqual((await consumeAndCommit('plat-group', 'plat', 40)).sort(), [...first].sort());
  const committed = await fetchCommitted(broker.port, 'plat-group');
  assert.equal(committed.offsets['plat-0']?.offset, 20);
  assert.equal(committed.offsets['plat-1']?.offset, 20);

  const second = Array.from({ length: 20 }, (_, i) => `second-${i}`);
  await produce('plat', second, 2);
  assert.deepEqual((await consumeAndCommit('plat-group', 'plat', 20)).sort(), [...second].sort(), 'only what came after the commits');
  const after = await fetchCommitted(broker.port, 'plat-group');
  assert.equal(after.offsets['plat-0']?.offset, 30);
  assert.equal(after.offsets['plat-1']?.offset, 30);
});

test('@platformatic/kafka: an idempotent producer gets a producer id and its batches are stored once, in sequence', async () => {
  await createTopic(broker.port, 'plat-idem', 1);
  const producer = new Producer({ clientId: 'plat-idem', bootstrapBrokers: [broker.bootstrap], serializers: stringSerializers, idempotent: true });
  const values = Array.from({ length: 100 }, (_, i) => `v${i}`);
  try {
    for (let i = 0; i < values.length; i += 10) {
      await producer.send({ messages: values.slice(i, i + 10).map((value) => ({ topic: 'plat-idem', value, partition: 0 })) });
    }
  } finally {
    await producer.close();
  }
  const { records } = await fetchAll(broker.port, 'plat-idem');
  assert.deepEqual(records.map((r) => r.value!.toString()), values);
  const headers = await storedBatchHeaders(broker.port, 'plat-idem');
  assert.equal(headers.length, 10);
  assert.ok(headers.every((h) => h.producerId === headers[0]!.producerId && h.producerId >= 0));
  assert.deepEqual(headers.map((h) => h.baseSequence), [0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
});
