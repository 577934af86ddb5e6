// needs: kcat
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { test } from 'node:test';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { decodeOffsetsRecord } from '../../src/broker/groups/records.js';
import { freePort, inProcessBroker, spawnBroker, tempDir } from '../helpers/broker.js';
import { fetchAll } from '../helpers/fetch-all.js';
import { decodeAssignment } from '../broker/groups/consumer-protocol.js';
import { coordinatorReady, createTopic, fetchCommitted, stableAssignments } from '../broker/groups/raw-group.js';
import { produce } from '../helpers/produce.js';
import { waitFor } from '../helpers/wait-for.js';
import { KcatMember } from './kcat-member.js';

// Members and the broker failing under consumer groups of real clients.

function shape(assignments: Map<string, string[]> | null): string | null {
  return assignments && [...assignments.values()].map((p) => p.length).sort().join(',');
}

/** Every generation of `group` the coordinator stored, with each member's partitions, read back from __consumer_offsets. */
async function storedGenerations(port: number, group: string): Promise<Map<number, Map<string, string[]>>> {
  const out = new Map<number, Map<string, string[]>>();
  for (const r of (await fetchAll(port, '__consumer_offsets')).records) {
    const e = decodeOffsetsRecord(r.key, r.value);
    if (e.kind !== 'group' || e.group !== group || !e.value) continue;
    out.set(e.value.generation, new Map(e.value.members.map((m) => [m.memberId, decodeAssignment(m.assignment)])));
  }
  return out;
}

test('a member killed without leaving loses its partitions after its session timeout; no generation gives a partition to two members', { timeout: 90000 }, async () => {
  const broker = await inProcessBroker();
  const members: KcatMember[] = [];
  try {
    await coordinatorReady(broker.port);
    await createTopic(broker.port, 'six', 6);
    for (let i = 0; i < 3; i++) members.push(KcatMember.start(broker.bootstrap, 'six-group', ['six']));
    const logs = () => members.map((m, i) => `member ${i}:\n${m.log()}`).join('\n');
    const three = await waitFor('three members with two partitions each', async () => {
      const s = await stableAssignments(broker.port, 'six-group');
      return shape(s) === '2,2,2' && s;
    }, { timeoutMs: 30000, detail: logs });

    const killedAt = Date.now();
    await members[2]!.stop('SIGKILL');
    const two = await waitFor('two members with three partitions each', async () => {
      const s = await stableAssignments(broker.port, 'six-group');
      return shape(s) === '3,3' && s;
    }, { timeoutMs: 30000, detail: logs });
    assert.ok(Date.now() - killedAt >= 5000, 'the killed member kept its partitions until its 6 s session ran out');
    assert.ok([...two.keys()].every((id) => three.has(id)), 'the survivors are two of the three');
    assert.deepEqual([...two.values()].flat().sort(), ['six-0', 'six-1', 'six-2', 'six-3', 'six-4', 'six-5']);

    // Every generation the survivors read through: they take over the dead member's partitions and read each record once.
    for (let p = 0; p < 6; p++) await produce(broker.bootstrap, 'six', Array.from({ length: 10 }, (_, i) => `after-${p}-${i}`), p);
    await waitFor('the survivors to read all 60 records', () => members[0]!.lines.length + members[1]!.lines.length >= 60, { timeoutMs: 30000, detail: logs });
    const read = [...members[0]!.positions(), ...members[1]!.positions()];
    assert.equal(read.length, 60);
    assert.equal(new Set(read).size, 60);

    const generations = await storedGenerations(broker.port, 'six-group');
    assert.ok(generations.size >= 2, `stored generations: ${[...generations.keys()]}`);
    for (const [generation, owners] of generations) {
      const owned = [...owners.values()].flat();
      assert.equal(new Set(owned).size, owned.length, `generation ${generation} gives a partition to two members: ${JSON.stringify([...owners])}`);
    }
  } finally {
    for (const m of members) await m.stop('SIGKILL');
    await broker.stop();
  }
});

// kcat gives up when every broker connection is down, so the restart is lived through by kafkajs members, which reconnect.
test('the broker is killed and restarted under an active group: members carry on and the committed offsets are intact', { timeout: 120000 }, async () => {
  const dataDir = tempDir();
  const port = await freePort();
  let broker = await spawnBroker(dataDir, port);
  const kafka = new Kafka({ brokers: [broker.bootstrap], clientId: 'restart', logLevel: logLevel.NOTHING, retry: { retries: 30, initialRetryTime: 100, maxRetryTime: 1000 } });
  const consumers: Consumer[] = [];
  const read: string[][] = [[], []];
  try {
    await coordinatorReady(port);
    await createTopic(port, 'restart', 4);
    for (let i = 0; i < 2; i++) {
      const consumer = kafka.consumer({ groupId: 'restart-group', sessionTimeout: 6000, heartbeatInterval: 300, maxWaitTimeInMs: 200 });
      consumers.push(consumer);
      await consumer.connect();
      await consumer.subscribe({ topic: 'restart', fromBeginning: true });
      await consumer.run({ eachMessage: async ({ partition, message }) => void read[i]!.push(`${partition}:${message.offset}:${message.value}`) });
    }
    const logs = () => `broker:\n${broker.output().slice(-3000)}`;
    await waitFor('two members with two partitions each', async () => shape(await stableAssignments(port, 'restart-group')) === '2,2', { timeoutMs: 30000, detail: logs });
    for (let p = 0; p < 4; p++) await produce(broker.bootstrap, 'restart', Array.from({ length: 50 }, (_, i) => `before-${p}-${i}`), p);
    await waitFor('all 200 records to be read and committed', async () => {
      const { offsets } = await fetchCommitted(port, 'restart-group');
      return [0, 1, 2, 3].every((p) => offsets[`restart-${p}`]?.offset === 50);
    }, { timeoutMs: 30000, detail: logs });
    const before = (await fetchCommitted(port, 'restart-group')).offsets;

    await broker.stop('SIGKILL');
    broker = await spawnBroker(dataDir, port);
    await coordinatorReady(port);
    assert.deepEqual((await fetchCommitted(port, 'restart-group')).offsets, before, 'committed offsets survive the kill');

    for (let p = 0; p < 4; p++) await produce(broker.bootstrap, 'restart', Array.from({ length: 25 }, (_, i) => `after-${p}-${i}`), p);
    await waitFor('the members to read the 100 new records', () => read[0]!.length + read[1]!.length >= 300, { timeoutMs: 60000, detail: logs });
    const lines = [...read[0]!, ...read[1]!];
    assert.equal(lines.length, 300, 'nothing from before the restart was read again');
    assert.equal(lines.filter((l) => l.includes(':after-')).length, 100);
    assert.equal(new Set(lines.map((l) => l.split(':').slice(0, 2).join(':'))).size, 300);
    await waitFor('the group to be stable with both members', async () => shape(await stableAssignments(port, 'restart-group')) === '2,2', { timeoutMs: 30000, detail: logs });
    await waitFor('the new records to be committed', async () => {
      const { offsets } = await fetchCommitted(port, 'restart-group');
      return [0, 1, 2, 3].every((p) => offsets[`restart-${p}`]?.offset === 75);
    }, { timeoutMs: 30000, detail: logs });
  } finally {
    for (const c of consumers) await c.disconnect().catch(() => {});
    await broker.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
