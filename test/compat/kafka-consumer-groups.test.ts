// needs: peers/java, peers/m2
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import { inProcessBroker } from '../helpers/broker.js';
import { checkCapability, type Peer } from '../helpers/compat-check.js';
import { describeRun, KAFKA_VERSION, runJava, type JavaRun } from '../helpers/java-peers.js';
import { produce } from '../helpers/produce.js';
import { encodeAssignment } from '../broker/groups/consumer-protocol.js';
import { coordinatorReady, createTopic, fetchCommitted, RawMember } from '../broker/groups/raw-group.js';

// Kafka 4.4's kafka-consumer-groups (ConsumerGroupCommand, from the Maven jars) against the
// embedded broker: every --reset-offsets mode, dry run and execute, then --delete-offsets
// (OffsetDelete) and --delete (DeleteGroups). Each step is checked against the offsets the
// broker then holds, read back through OffsetFetch.
const PEER: Peer = { client: 'Kafka 4.4 tools', version: KAFKA_VERSION };
const GROUP = 'cg-tools';
const TOPIC = 'cg-reset';
const TIMED = 'cg-time';

let broker: Awaited<ReturnType<typeof inProcessBroker>>;
before(async () => {
  broker = await inProcessBroker();
  await coordinatorReady(broker.port);
});
after(async () => {
  await broker?.stop();
});

async function consumerGroups(args: string[]): Promise<JavaRun> {
  const r = await runJava('org.apache.kafka.tools.consumer.group.ConsumerGroupCommand', ['--bootstrap-server', broker.bootstrap, '--group', GROUP, ...args], { timeoutMs: 120_000 });
  assert.equal(r.code, 0, describeRun(r));
  return r;
}

/** `topic-partition` → NEW-OFFSET from the tool's reset plan (GROUP TOPIC PARTITION NEW-OFFSET). */
function plan(r: JavaRun): Record<string, number> {
  const out: Record<string, number> = {};
  for (const cells of r.stdout.split('\n').map((l) => l.trim().split(/\s+/))) {
    if (cells.length === 4 && cells[0] === GROUP) out[`${cells[1]}-${cells[2]}`] = Number(cells[3]);
  }
  return out;
}

async function committed(): Promise<Record<string, number>> {
  const { offsets } = await fetchCommitted(broker.port, GROUP);
  return Object.fromEntries(Object.entries(offsets).map(([tp, o]) => [tp, o.offset]));
}

test('kafka-consumer-groups: --reset-offsets in every mode (dry run and execute), --delete-offsets, --delete', { timeout: 600_000 }, async () => {
  await createTopic(broker.port, TOPIC, 2);
  await createTopic(broker.port, TIMED, 1);
  for (const p of [0, 1]) await produce(broker.bootstrap, TOPIC, Array.from({ length: 10 }, (_, i) => `r${p}-${i}`), p);
  await produce(broker.bootstrap, TIMED, ['early-0', 'early-1', 'early-2'], 0);
  await sleep(50);
  const between = new Date();
  await sleep(50);
  await produce(broker.bootstrap, TIMED, ['late-0', 'late-1'], 0);

  // The group commits, then leaves: offsets can only be reset while it has no members.
  const m = await RawMember.connect(broker.port, GROUP);
  await m.join({ topics: [TOPIC, TIMED] });
  await m.sync([{ memberId: m.memberId, assignment: encodeAssignment({ [TOPIC]: [0, 1], [TIMED]: [0] }) }]);
  await m.commit({ [TOPIC]: { 0: 3, 1: 4 }, [TIMED]: { 0: 1 } });
  await m.leave();
  m.close();

  await checkCapability(PEER, 'groups', async () => {
    const reset = (...mode: string[]) => consumerGroups(['--reset-offsets', '--topic', TOPIC, ...mode]);
    assert.deepEqual(plan(await reset('--to-earliest', '--dry-run')), { [`${TOPIC}-0`]: 0, [`${TOPIC}-1`]: 0 });
    assert.deepEqual(plan(await reset('--to-latest')), { [`${TOPIC}-0`]: 10, [`${TOPIC}-1`]: 10 }, 'no --execute is a dry run too');
    assert.deepEqual(await committed(), { [`${TOPIC}-0`]: 3, [`${TOPIC}-1`]: 4, [`${TIMED}-0`]: 1 }, 'dry runs change nothing');

    const executed: [string[], number, number][] = [
      [['--to-latest'], 10, 10],
      [['--to-offset', '5'], 5, 5],
      [['--shift-by', '-2'], 3, 3],
      [['--shift-by', '100'], 10, 10],
      [['--to-earliest'], 0, 0],
    ];
    for (const [mode, p0, p1] of executed) {
      const expected = { [`${TOPIC}-0`]: p0, [`${TOPIC}-1`]: p1 };
      assert.deepEqual(plan(await reset(...mode, '--execute')), expected, mode.join(' '));
      assert.deepEqual(await committed(), { ...expected, [`${TIMED}-0`]: 1 }, `${mode.join(' ')} is committed`);
    }

    const at = between.toISOString().replace(/Z$/, '+00:00');
    const timed = await consumerGroups(['--reset-offsets', '--topic', TIMED, '--to-datetime', at, '--execute']);
    assert.deepEqual(plan(timed), { [`${TIMED}-0`]: 3 }, `the first record at or after ${at}`);
    assert.equal((await committed())[`${TIMED}-0`], 3);

    const deleted = await consumerGroups(['--delete-offsets', '--topic', TIMED]);
    assert.match(deleted.stdout, new RegExp(`${TIMED}\\s+0\\s+Successful`), deleted.stdout);
    assert.deepEqual(await committed(), { [`${TOPIC}-0`]: 0, [`${TOPIC}-1`]: 0 }, 'only that topic\'s offsets are gone');

    const gone = await consumerGroups(['--delete']);
    assert.match(gone.stdout, new RegExp(`Deletion of requested consumer groups \\('${GROUP}'\\) was successful`), gone.stdout);
    assert.deepEqual(await committed(), {});
    const listed = await runJava('org.apache.kafka.tools.consumer.group.ConsumerGroupCommand', ['--bootstrap-server', broker.bootstrap, '--list'], { timeoutMs: 120_000 });
    assert.ok(!listed.stdout.split('\n').map((l) => l.trim()).includes(GROUP), listed.stdout);
  });
});
