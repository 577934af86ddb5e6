import assert from 'node:assert/strict';
import type { Kafka } from 'kafkajs';

/** Creates `topic`, produces 50 keyed messages with acks=-1 and consumes them in a group: every one must come back. */
export async function produceAndConsume(kafka: Kafka, topic: string, label: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    assert.equal(await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] }), true);
  } finally {
    await admin.disconnect();
  }
  const sent = Array.from({ length: 50 }, (_, i) => ({ key: `k${i % 5}`, value: `${label} message ${i} ✓` }));
  const producer = kafka.producer();
  await producer.connect();
  try {
    await producer.send({ topic, acks: -1, messages: sent });
  } finally {
    await producer.disconnect();
  }
  const consumer = kafka.consumer({ groupId: `${topic}-group`, sessionTimeout: 10_000, heartbeatInterval: 500 });
  const got: string[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`consumed ${got.length} of ${sent.length} within 30 s`)), 30_000);
      void consumer
        .run({
          eachMessage: async ({ message }) => {
            got.push(`${message.key?.toString()}=${message.value?.toString()}`);
            if (got.length === sent.length) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  assert.deepEqual(got.sort(), sent.map((m) => `${m.key}=${m.value}`).sort());
}
