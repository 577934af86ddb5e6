import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CLI, inProcessBroker } from '../helpers/broker.js';
import { run } from '../helpers/exec.js';
import { produce } from '../helpers/produce.js';
import { encodeAssignment } from '../broker/groups/consumer-protocol.js';
import { coordinatorReady, createTopic, RawMember } from '../broker/groups/raw-group.js';

// `streamdash groups` against a broker with one stable group that has committed part of its topic.
let broker: Awaited<ReturnType<typeof inProcessBroker>>;
let member: RawMember;

before(async () => {
  broker = await inProcessBroker();
  await coordinatorReady(broker.port);
  await createTopic(broker.port, 'views', 2);
  await produce(broker.bootstrap, 'views', Array.from({ length: 30 }, (_, i) => `v${i}`), 0);
  member = await RawMember.connect(broker.port, 'dashboard');
  // A long session: the member sends no heartbeats while the CLI runs.
  await member.join({ topics: ['views'], sessionTimeoutMs: 120000 });
  await member.sync([{ memberId: member.memberId, assignment: encodeAssignment({ views: [0, 1] }) }]);
  await member.commit({ views: { 0: 12 } });
});
after(async () => {
  member?.close();
  await broker?.stop();
});

async function cli(args: string[]) {
  return run(process.execPath, [CLI, '--log-level', 'silent', 'groups', ...args, '--bootstrap', broker.bootstrap], { timeoutMs: 20000 });
}

test('groups list shows each group with its state', async () => {
  const r = await cli(['list', '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), [{ group: 'dashboard', state: 'Stable', protocolType: 'consumer' }]);
  const table = await cli(['list']);
  assert.match(table.stdout, /^GROUP\s+STATE\s+PROTOCOL-TYPE\ndashboard\s+Stable\s+consumer\n$/);
});

test('groups describe shows the members and per partition the committed offset, log end offset and lag', async () => {
  const r = await cli(['describe', 'dashboard', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.equal(report.state, 'Stable');
  assert.deepEqual(report.members, [{ memberId: member.memberId, clientId: 'raw-test', clientHost: '/127.0.0.1', partitions: ['views-0', 'views-1'] }]);
  assert.deepEqual(
    report.partitions.map((p: { partition: number; committedOffset: number | null; logEndOffset: number; lag: number | null; memberId: string }) => [
      p.partition,
      p.committedOffset,
      p.logEndOffset,
      p.lag,
      p.memberId,
    ]),
    [
      [0, 12, 30, 18, member.memberId],
      [1, null, 0, null, member.memberId],
    ],
  );
  const table = await cli(['describe', 'dashboard']);
  assert.match(table.stdout, /views\s+0\s+12\s+30\s+18\s+\S+\s+\/127\.0\.0\.1\s+raw-test/);
});

test('groups describe of an unknown group fails and says how to find the groups', async () => {
  const r = await cli(['describe', 'no-such-group']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /group "no-such-group" does not exist.*streamdash groups list/);
});
