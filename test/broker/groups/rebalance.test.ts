import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Heartbeat, ListGroups } from '../../../src/protocol/apis.js';
import { ErrorCode } from '../../../src/protocol/error-codes.js';
import { inProcessBroker } from '../../helpers/broker.js';
import { RawClient } from '../../helpers/raw-client.js';
import { decodeAssignment, encodeAssignment, encodeSubscription } from './consumer-protocol.js';
import { coordinatorReady, createTopic, describeGroup, RawMember } from './raw-group.js';

// The classic rebalance protocol over the wire with our own codec, so every
// error case is driven exactly: what each member sees in each phase.
let broker: Awaited<ReturnType<typeof inProcessBroker>>;
const open: RawMember[] = [];

before(async () => {
  broker = await inProcessBroker();
  await coordinatorReady(broker.port);
  await createTopic(broker.port, 't', 4);
});
after(async () => {
  for (const m of open) m.close();
  await broker?.stop();
});

async function member(groupId: string): Promise<RawMember> {
  const m = await RawMember.connect(broker.port, groupId);
  open.push(m);
  return m;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('JoinGroup v4+ first answers MEMBER_ID_REQUIRED; joining again with that id forms generation 1, and the leader assignment makes it Stable', async () => {
  const m = await member('g-first');
  const first = await m.joinOnce();
  assert.equal(first.errorCode, ErrorCode.MEMBER_ID_REQUIRED);
  assert.ok(first.memberId.length > 0, 'a member id to join again with');
  assert.equal((await describeGroup(broker.port, 'g-first')).groupState, 'Empty', 'a pending member does not start a rebalance');

  const joined = await m.joinOnce();
  assert.equal(joined.errorCode, ErrorCode.NONE);
  assert.equal(joined.generationId, 1);
  assert.equal(joined.leader, first.memberId);
  assert.equal(joined.protocolName, 'range');
  assert.deepEqual(
    joined.members.map((x: { memberId: string; metadata: Buffer }) => [x.memberId, x.metadata]),
    [[first.memberId, encodeSubscription(['t'])]],
  );
  assert.equal((await describeGroup(broker.port, 'g-first')).groupState, 'CompletingRebalance');

  const assignment = encodeAssignment({ t: [0, 1, 2, 3] });
  const synced = await m.sync([{ memberId: m.memberId, assignment }]);
  assert.equal(synced.errorCode, ErrorCode.NONE);
  assert.deepEqual(synced.assignment, assignment);
  const d = await describeGroup(broker.port, 'g-first');
  assert.equal(d.groupState, 'Stable');
  assert.equal(d.protocolType, 'consumer');
  assert.equal(d.protocolData, 'range');
  assert.deepEqual(d.members.map((x: { memberAssignment: Buffer }) => decodeAssignment(x.memberAssignment)), [['t-0', 't-1', 't-2', 't-3']]);
  assert.equal(d.members[0].clientId, 'raw-test');
  assert.equal(await m.heartbeat(), ErrorCode.NONE);
});

test('JoinGroup v2 (kafka-python 2.0.2) joins in one round trip', async () => {
  const m = await member('g-v2');
  const r = await m.joinOnce({ version: 2 });
  assert.equal(r.errorCode, ErrorCode.NONE);
  assert.equal(r.generationId, 1);
  assert.equal(r.leader, r.memberId);
});

test('a second member starts a rebalance; each phase answers stale or early calls with the right error', async () => {
  const a = await member('g-two');
  const b = await member('g-two');
  await a.join();
  await a.sync([{ memberId: a.memberId, assignment: encodeAssignment({ t: [0, 1, 2, 3] }) }]);
  assert.equal(a.generationId, 1);

  const bJoined = b.join();
  // b's join parks until a rejoins; a learns of the rebalance from its heartbeat.
  let hb: number = ErrorCode.NONE;
  for (let i = 0; i < 50 && hb === ErrorCode.NONE; i++) hb = await a.heartbeat();
  assert.equal(hb, ErrorCode.REBALANCE_IN_PROGRESS);
  assert.equal((await describeGroup(broker.port, 'g-two')).groupState, 'PreparingRebalance');
  assert.equal((await a.sync([], 1)).errorCode, ErrorCode.REBALANCE_IN_PROGRESS, 'SyncGroup while preparing a rebalance');
  assert.deepEqual(await a.commit({ t: { 0: 5 } }), { 't-0': ErrorCode.NONE }, 'the old generation may still commit before rejoining');

  const [aJoin, bJoin] = await Promise.all([a.join(), bJoined]);
  assert.equal(aJoin.generationId, 2);
  assert.equal(bJoin.generationId, 2);
  assert.equal(aJoin.leader, a.memberId, 'the first member stays leader');
  assert.equal(aJoin.members.length, 2, 'the leader gets every member');
  assert.equal(bJoin.members.length, 0, 'followers get no member list');

  assert.equal(await b.heartbeat(1), ErrorCode.ILLEGAL_GENERATION);
  assert.deepEqual(await b.commit({ t: { 1: 1 } }), { 't-1': ErrorCode.REBALANCE_IN_PROGRESS }, 'no commits before the assignment');
  const bSynced = b.sync();
  const aSynced = await a.sync([
    { memberId: a.memberId, assignment: encodeAssignment({ t: [0, 1] }) },
    { memberId: b.memberId, assignment: encodeAssignment({ t: [2, 3] }) },
  ]);
  assert.deepEqual(decodeAssignment(aSynced.assignment), ['t-0', 't-1']);
  assert.deepEqual(decodeAssignment((await bSynced).assignment), ['t-2', 't-3'], 'the follower waited for the leader');

  assert.equal(await a.heartbeat(2, 'no-such-member'), ErrorCode.UNKNOWN_MEMBER_ID);
  assert.deepEqual(await b.commit({ t: { 2: 7 } }, null, 1), { 't-2': ErrorCode.ILLEGAL_GENERATION });
  assert.equal((await b.sync([], 1)).errorCode, ErrorCode.ILLEGAL_GENERATION);
  assert.equal((await b.joinOnce({ memberId: 'no-such-member' })).errorCode, ErrorCode.UNKNOWN_MEMBER_ID);

  // Leaving hands b's partitions back.
  const left = await b.leave();
  assert.equal(left.errorCode, ErrorCode.NONE);
  assert.deepEqual(left.members.map((x: { errorCode: number }) => x.errorCode), [ErrorCode.NONE]);
  assert.equal(await a.heartbeat(), ErrorCode.REBALANCE_IN_PROGRESS);
  const alone = await a.join();
  assert.equal(alone.generationId, 3);
  assert.deepEqual(alone.members.map((x: { memberId: string }) => x.memberId), [a.memberId]);
  assert.equal(await b.heartbeat(3), ErrorCode.UNKNOWN_MEMBER_ID);
});

test('a group that does not exist knows no member ids', async () => {
  const m = await member('g-nowhere');
  assert.equal((await m.joinOnce({ memberId: 'stale-id' })).errorCode, ErrorCode.UNKNOWN_MEMBER_ID);
  m.memberId = 'stale-id';
  assert.equal((await m.sync([], 3)).errorCode, ErrorCode.UNKNOWN_MEMBER_ID);
  assert.equal(await m.heartbeat(3), ErrorCode.UNKNOWN_MEMBER_ID);
  assert.deepEqual((await m.leave()).members.map((x: { errorCode: number }) => x.errorCode), [ErrorCode.UNKNOWN_MEMBER_ID]);
  assert.deepEqual(await m.commit({ t: { 0: 1 } }, null, 3), { 't-0': ErrorCode.ILLEGAL_GENERATION });
  assert.equal((await describeGroup(broker.port, 'g-nowhere')).groupState, 'Dead');
});

test('bad joins are refused: no group id, a session timeout out of bounds, an inconsistent protocol', async () => {
  const bad = await RawMember.connect(broker.port, '');
  open.push(bad);
  assert.equal((await bad.joinOnce()).errorCode, ErrorCode.INVALID_GROUP_ID);
  const m = await member('g-bad');
  assert.equal((await m.joinOnce({ sessionTimeoutMs: 1000 })).errorCode, ErrorCode.INVALID_SESSION_TIMEOUT);
  assert.equal((await m.joinOnce({ protocols: [] })).errorCode, ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
  await m.join();
  const other = await member('g-bad');
  assert.equal((await other.joinOnce({ protocolType: 'connect' })).errorCode, ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
  assert.equal((await other.joinOnce({ protocols: [{ name: 'roundrobin', metadata: Buffer.alloc(0) }] })).errorCode, ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
});

test('the rebalance timeout bounds the join phase: a member that does not rejoin is dropped from the next generation', async () => {
  const opts = { rebalanceTimeoutMs: 1000 };
  const a = await member('g-slow');
  const b = await member('g-slow');
  await a.join(opts);
  const bJoined = b.join(opts);
  while ((await a.heartbeat()) !== ErrorCode.REBALANCE_IN_PROGRESS) await sleep(20);
  const [aJoin, bJoin] = await Promise.all([a.join(opts), bJoined]);
  await Promise.all([a.sync(), b.sync()]);
  assert.equal(aJoin.generationId, 2);
  assert.equal(bJoin.generationId, 2);

  // A third member joins; only a rejoins, b just keeps quiet.
  const c = await member('g-slow');
  const cJoined = c.join(opts);
  while ((await a.heartbeat()) !== ErrorCode.REBALANCE_IN_PROGRESS) await sleep(20);
  const [aNext, cNext] = await Promise.all([a.join(opts), cJoined]);
  assert.equal(aNext.generationId, 3);
  assert.equal(cNext.generationId, 3);
  const ids = [aNext, cNext].find((r) => r.members.length > 0).members.map((x: { memberId: string }) => x.memberId).sort();
  assert.deepEqual(ids, [a.memberId, c.memberId].sort(), 'b is not in generation 3');
  assert.equal(await b.heartbeat(2), ErrorCode.UNKNOWN_MEMBER_ID);
});

test('the session timeout removes a member that stops heartbeating, and the rest rebalance without it', { timeout: 30000 }, async () => {
  const a = await member('g-session');
  const b = await member('g-session');
  await a.join();
  const bJoined = b.join();
  while ((await a.heartbeat()) !== ErrorCode.REBALANCE_IN_PROGRESS) await sleep(20);
  await Promise.all([a.join(), bJoined]);
  const leader = a.isLeader ? a : b;
  const follower = leader === a ? b : a;
  const followerSynced = follower.sync();
  await leader.sync([
    { memberId: a.memberId, assignment: encodeAssignment({ t: [0, 1] }) },
    { memberId: b.memberId, assignment: encodeAssignment({ t: [2, 3] }) },
  ]);
  await followerSynced;
  const silentSince = Date.now();
  // b goes silent; a heartbeats every 500 ms until the coordinator notices b is gone.
  let hb: number = ErrorCode.NONE;
  while (hb === ErrorCode.NONE && Date.now() - silentSince < 20000) {
    await sleep(500);
    hb = await a.heartbeat();
  }
  assert.equal(hb, ErrorCode.REBALANCE_IN_PROGRESS);
  assert.ok(Date.now() - silentSince >= 5000, 'b kept its place for its 6 s session');
  const alone = await a.join();
  assert.deepEqual(alone.members.map((x: { memberId: string }) => x.memberId), [a.memberId]);
  assert.equal(await b.heartbeat(), ErrorCode.UNKNOWN_MEMBER_ID);
});

test('a static member that restarts takes its old place without a rebalance; its old id is fenced', async () => {
  const m = await member('g-static');
  const first = await m.join({ groupInstanceId: 'instance-1', version: 5 });
  assert.equal(first.errorCode, ErrorCode.NONE, 'static members skip MEMBER_ID_REQUIRED');
  const assignment = encodeAssignment({ t: [0, 1, 2, 3] });
  await m.sync([{ memberId: m.memberId, assignment }]);
  const oldId = m.memberId;

  const again = await member('g-static');
  const rejoined = await again.joinOnce({ groupInstanceId: 'instance-1', version: 5 });
  assert.equal(rejoined.errorCode, ErrorCode.NONE);
  assert.notEqual(rejoined.memberId, oldId);
  assert.equal(rejoined.generationId, first.generationId, 'no new generation');
  const synced = await again.sync();
  assert.deepEqual(synced.assignment, assignment, 'the old assignment is handed back');
  const fenced = await m.client.request(Heartbeat, 4, {
    groupId: 'g-static',
    generationId: first.generationId,
    memberId: oldId,
    groupInstanceId: 'instance-1',
  });
  assert.equal(fenced.errorCode, ErrorCode.FENCED_INSTANCE_ID);
  assert.equal((await describeGroup(broker.port, 'g-static')).groupState, 'Stable');
});

test('ListGroups lists every group with its state and filters by state', async () => {
  const c = await RawClient.connect(broker.port);
  try {
    const all = await c.request(ListGroups, 4, { statesFilter: [] });
    assert.equal(all.errorCode, ErrorCode.NONE);
    const byId = new Map(all.groups.map((g: { groupId: string; groupState: string; protocolType: string }) => [g.groupId, g]));
    assert.equal((byId.get('g-static') as { groupState: string }).groupState, 'Stable');
    assert.equal((byId.get('g-static') as { protocolType: string }).protocolType, 'consumer');
    const stable = await c.request(ListGroups, 4, { statesFilter: ['stable'] });
    assert.ok(stable.groups.length > 0);
    assert.ok(stable.groups.every((g: { groupState: string }) => g.groupState === 'Stable'));
    const v0 = await c.request(ListGroups, 0, {});
    assert.equal(v0.groups.length, all.groups.length);
  } finally {
    c.close();
  }
});
