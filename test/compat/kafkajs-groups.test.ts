import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { inProcessBroker } from '../helpers/broker.js';
import { coordinatorReady, createTopic, stableAssignments } from '../broker/groups/raw-group.js';
import { waitFor } from '../helpers/wait-for.js';

// kafkajs 2.2.4 consumer groups: join, rebalance on a new member, split the work.
let broker: Awaited<ReturnType<typeof inProcessBroker>>;
let kafka: Kafka;
const consumers: Consumer[] = [];

before(async () => {
  broker = await inProcessBroker();
  await coordinatorReady(broker.port);
  kafka = new Kafka({ brokers: [broker.bootstrap], clientId: 'kafkajs-groups', logLevel: logLevel.NOTHING });
});
after(async () => {
  for (const c of consumers) await c.disconnect().catch(() => {});
  await broker?.stop();
});

interface Member {
  consumer: Consumer;
  /** Partitions of the last assignment kafkajs reported. */
  assigned: number[];
  received: { partition: number; offset: string; value: string }[];
}

async function startMember(group: string, topic: string): Promise<Member> {
  const consumer = kafka.consumer({ groupId: group, sessionTimeout: 6000, heartbeatInterval: 300, rebalanceTimeout: 10000, maxWaitTimeInMs: 200 });
  consumers.push(consumer);
  const m: Member = { consumer, assigned: [], received: [] };
  consumer.on(consumer.events.GROUP_JOIN, (e) => (m.assigned = [...(e.payload.memberAssignment[topic] ?? [])].sort()));
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      m.received.push({ partition, offset: message.offset, value: message.value!.toString() });
    },
  });
  return m;
}

function groupShape(assignments: Map<string, string[]> | null): number[] | null {
  return assignments && [...assignments.values()].map((p) => p.length).sort();
}

test('a kafkajs group of two rebalances when a third member joins, and the three split the partitions', { timeout: 90000 }, async () => {
  await createTopic(broker.port, 'kjs', 6);
  const a = await startMember('kjs-group', 'kjs');
  const b = await startMember('kjs-group', 'kjs');
  await waitFor('two members with three partitions each', async () => {
    const shape = groupShape(await stableAssignments(broker.port, 'kjs-group'));
    return shape?.join() === '3,3' && a.assigned.length === 3 && b.assigned.length === 3;
  });
  assert.deepEqual([...a.assigned, ...b.assigned].sort(), [0, 1, 2, 3, 4, 5]);

  const c = await startMember('kjs-group', 'kjs');
  await waitFor('three members with two partitions each', async () => {
    const shape = groupShape(await stableAssignments(broker.port, 'kjs-group'));
    return shape?.join() === '2,2,2' && [a, b, c].every((m) => m.assigned.length === 2);
  });
  const members = [a, b, c];
  assert.deepEqual(members.flatMap((m) => m.assigned).sort(), [0, 1, 2, 3, 4, 5], 'disjoint and complete');

  const producer = kafka.producer();
  await producer.connect();
  for (let p = 0; p < 6; p++) {
    await producer.send({ topic: 'kjs', messages: Array.from({ length: 10 }, (_, i) => ({ partition: p, value: `p${p}-${i}` })) });
  }
  await producer.disconnect();
  await waitFor('all 60 records to be read', () => members.reduce((n, m) => n + m.received.length, 0) >= 60);
  const all = members.flatMap((m) => m.received.map((r) => `${r.partition}:${r.offset}`));
  assert.equal(all.length, 60);
  assert.equal(new Set(all).size, 60, 'no record read twice');
  for (const m of members) assert.ok(m.received.every((r) => m.assigned.includes(r.partition)), 'each member read only its partitions');
});
