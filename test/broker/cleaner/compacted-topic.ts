import { setTimeout as sleep } from 'node:timers/promises';
import { createAdmin, createProducer, TopicReader, type Message, type OutgoingMessage } from '../../../src/client/index.js';
import { fetchAll } from '../../helpers/fetch-all.js';

// What the cleaner tests share: a compacted topic written in waves and read back whole.

export async function createCompacted(bootstrap: string, topic: string, configs: Record<string, string>): Promise<void> {
  const admin = createAdmin(bootstrap, 'cleaner-test-admin');
  try {
    await admin.createTopic(topic, { partitions: 1, configs: { 'cleanup.policy': 'compact', ...configs } });
  } finally {
    await admin.close();
  }
}

/**
 * Sends each wave in one request, pausing `pauseMs` after it so the next append rolls the segment
 * (segment.ms). Returns when each wave was sent: at or before its records' timestamps.
 */
export async function produceWaves(bootstrap: string, topic: string, waves: Array<Array<[string, string | null]>>, pauseMs: number): Promise<number[]> {
  const producer = createProducer(bootstrap, 'cleaner-test-producer');
  const sent: number[] = [];
  try {
    for (const wave of waves) {
      const messages: OutgoingMessage[] = wave.map(([key, value]) => ({ topic, partition: 0, key, value }));
      sent.push(Date.now());
      await producer.send({ messages });
      await sleep(pauseMs);
    }
    return sent;
  } finally {
    await producer.close();
  }
}

/** Everything from the earliest offset to the end, read with the project's Kafka client (@platformatic/kafka underneath). */
export async function readWithClient(bootstrap: string, topic: string): Promise<{ start: number; messages: Message[] }> {
  const reader = new TopicReader({ bootstrap, clientId: 'cleaner-test-reader', groupId: 'cleaner-test-reader' });
  try {
    const [start] = await reader.offsets(topic, 'earliest');
    const [end] = await reader.offsets(topic, 'latest');
    const messages: Message[] = [];
    await reader.read([{ topic, partition: 0, offset: start! }], (m) => {
      messages.push(m);
      if (m.offset >= end! - 1) reader.stop();
    });
    return { start: start!, messages };
  } finally {
    await reader.close();
  }
}

/** offset → [key, value] of what a fetch from 0 returns, read with our own codec (cheap enough to poll). */
export async function fetchedLog(port: number, topic: string): Promise<Array<[number, string, string | null]>> {
  const { records } = await fetchAll(port, topic);
  return records.map((r) => [r.offset, r.key!.toString(), r.value === null ? null : r.value.toString()]);
}

export const keys = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `k${String(from + i).padStart(2, '0')}`);

