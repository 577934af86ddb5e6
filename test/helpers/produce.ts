import { setTimeout as sleep } from 'node:timers/promises';
import { createAdmin } from '../../src/client/admin.js';
import { createProducer, Producer, type ProducerOptions, type TextProducer } from '../../src/client/producer.js';

// Test input goes in through the project's own client (src/client), never a peer's tool:
// a test that is not about kcat or kafkajs does not need them.

/** Runs `fn` with a producer, closed afterwards. */
export async function withProducer<T>(bootstrap: string, fn: (p: TextProducer) => Promise<T>): Promise<T> {
  const producer = createProducer(bootstrap, 'test-producer');
  try {
    return await fn(producer);
  } finally {
    await producer.close();
  }
}

/** Sends `values` (keyless) to `topic` in one request: to `partition` when given, else spread by the partitioner. */
export function produce(bootstrap: string, topic: string, values: readonly string[], partition?: number): Promise<void> {
  return withProducer(bootstrap, async (p) => {
    await p.send({ messages: values.map((value) => ({ topic, value, ...(partition !== undefined && { partition }) })) });
  });
}

/**
 * Sends `values` to `topic` in small batches spread over about `durationMs`, as a live source would; keyless values
 * spread over the partitions. `options.idempotent` makes a retried send land once, as it must when a leader dies mid-run.
 * `progress.sent` counts the values acknowledged so far, for a test that must say where a run stopped.
 */
export async function producePaced(bootstrap: string, topic: string, values: readonly string[], durationMs: number, options: ProducerOptions = {}, progress: { sent: number } = { sent: 0 }): Promise<void> {
  const producer = new Producer(bootstrap, { clientId: 'test-paced-producer', ...options });
  const batches = Math.max(1, Math.round(durationMs / 50));
  const size = Math.ceil(values.length / batches);
  const started = Date.now();
  try {
    for (let i = 0, n = 0; i < values.length; i += size, n++) {
      await producer.send({ messages: values.slice(i, i + size).map((value) => ({ topic, value })) });
      progress.sent = Math.min(values.length, i + size);
      const due = started + (n + 1) * 50 - Date.now();
      if (due > 0) await sleep(due);
    }
  } finally {
    await producer.close();
  }
}

export async function createTopics(bootstrap: string, topics: Record<string, number>): Promise<void> {
  const admin = createAdmin(bootstrap, 'test-admin');
  try {
    for (const [topic, partitions] of Object.entries(topics)) await admin.createTopic(topic, { partitions });
  } finally {
    await admin.close();
  }
}
