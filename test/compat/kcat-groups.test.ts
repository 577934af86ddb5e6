// needs: kcat
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { inProcessBroker } from '../helpers/broker.js';
import { run } from '../helpers/exec.js';
import { fetchAll } from '../helpers/fetch-all.js';
import { coordinatorReady, createTopic, fetchCommitted, stableAssignments } from '../broker/groups/raw-group.js';
import { waitFor } from '../helpers/wait-for.js';
import { storedBatchHeaders } from '../broker/producers/batch-headers.js';
import { KcatMember } from './kcat-member.js';

// librdkafka's balanced consumer (kcat -G) and idempotent producer against the embedded broker.
let broker: Awaited<ReturnType<typeof inProcessBroker>>;
const members: KcatMember[] = [];

before(async () => {
  broker = await inProcessBroker();
  await coordinatorReady(broker.port);
});
after(async () => {
  for (const m of members) await m.stop('SIGKILL');
  await broker?.stop();
});

async function produce(topic: string, partition: number, values: string[], extra: string[] = []): Promise<void> {
  const r = await run('kcat', ['-b', broker.bootstrap, '-P', '-t', topic, '-p', String(partition), ...extra], { input: values.join('\n') + '\n' });
  assert.equal(r.code, 0, `kcat -P failed:\n${r.stderr}`);
}

function duplicates(positions: string[]): string[] {
  const seen = new Set<string>();
  return positions.filter((p) => (seen.has(p) ? true : (seen.add(p), false)));
}

test('two kcat -G members split a 4-partition topic and read no record twice; when one quits the other takes all four', { timeout: 90000 }, async () => {
  await createTopic(broker.port, 'split', 4);
  const a = KcatMember.start(broker.bootstrap, 'kcat-split', ['split']);
  const b = KcatMember.start(broker.bootstrap, 'kcat-split', ['split']);
  members.push(a, b);
  const logs = () => `member a:\n${a.log()}\nmember b:\n${b.log()}`;

  const split = await waitFor(
    'both members to own two partitions each',
    async () => {
      const s = await stableAssignments(broker.port, 'kcat-split');
      return s && s.size === 2 && [...s.values()].every((p) => p.length === 2) && s;
    },
    { timeoutMs: 30000, detail: logs },
  );
  assert.deepEqual([...split.values()].flat().sort(), ['split-0', 'split-1', 'split-2', 'split-3'], 'disjoint and complete');

  for (let p = 0; p < 4; p++) await produce('split', p, Array.from({ length: 50 }, (_, i) => `first-${p}-${i}`));
  await waitFor('all 200 records to be read', () => a.lines.length + b.lines.length >= 200, { timeoutMs: 30000, detail: logs });
  const firstRound = [...a.positions(), ...b.positions()];
  assert.equal(firstRound.length, 200);
  assert.deepEqual(duplicates(firstRound), [], 'no record read twice');
  assert.ok(a.lines.length > 0 && b.lines.length > 0, 'both members read');
  const partitionsOf = (m: KcatMember) => new Set(m.positions().map((x) => x.split(':')[0]));
  assert.equal([...partitionsOf(a)].filter((p) => partitionsOf(b).has(p)).length, 0, 'no partition read by both');

  // b commits what it read, then quits and leaves the group.
  await waitFor('the group to commit all 200 reads', async () => {
    const { offsets } = await fetchCommitted(broker.port, 'kcat-split');
    return [0, 1, 2, 3].every((p) => offsets[`split-${p}`]?.offset === 50);
  });
  assert.equal(await b.stop('SIGTERM'), 0);
  const taken = await waitFor('a to own all four partitions', async () => {
    const s = await stableAssignments(broker.port, 'kcat-split');
    return s && s.size === 1 && [...s.values()][0]!.length === 4 && s;
  }, { timeoutMs: 30000, detail: logs });
  assert.deepEqual([...taken.values()][0], ['split-0', 'split-1', 'split-2', 'split-3']);

  const aBefore = a.lines.length;
  for (let p = 0; p < 4; p++) await produce('split', p, Array.from({ length: 25 }, (_, i) => `second-${p}-${i}`));
  await waitFor('a to read the 100 new records', () => a.lines.length >= aBefore + 100, { timeoutMs: 30000, detail: logs });
  const secondRound = a.lines.slice(aBefore);
  assert.equal(secondRound.length, 100, 'b\'s partitions resume from its committed offsets, nothing is re-read');
  assert.ok(secondRound.every((l) => l.includes(':second-')));
  assert.deepEqual(duplicates([...a.positions(), ...b.positions()]), []);
});

test('kcat produces with enable.idempotence=true: batches carry a producer id and every record is stored once', async () => {
  await createTopic(broker.port, 'idempotent', 1);
  const values = Array.from({ length: 500 }, (_, i) => `idem-${i}`);
  await produce('idempotent', 0, values, ['-X', 'enable.idempotence=true', '-X', 'linger.ms=5']);
  const { records } = await fetchAll(broker.port, 'idempotent');
  assert.deepEqual(records.map((r) => r.value!.toString()), values);
  const headers = await storedBatchHeaders(broker.port, 'idempotent');
  assert.ok(headers.length > 0);
  assert.ok(headers.every((h) => h.producerId >= 0 && h.producerEpoch >= 0), 'idempotent batches');
  assert.equal(headers[0]!.baseSequence, 0);
  for (let i = 1; i < headers.length; i++) {
    assert.equal(headers[i]!.baseSequence, headers[i - 1]!.baseSequence + headers[i - 1]!.lastOffsetDelta + 1, 'sequences continue');
  }
});
