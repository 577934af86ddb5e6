import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { ErrorCode } from '../../../src/protocol/error-codes.js';
import { inProcessBroker } from '../../helpers/broker.js';
import { coordinatorReady, createTopic, describeGroup, RawMember } from './raw-group.js';

// group.initial.rebalance.delay.ms: members that join a new group close
// together form one generation, as on Kafka, instead of the first forming
// generation 1 alone and the next one forcing generation 2.
const brokers: { stop(): Promise<void> }[] = [];
const members: RawMember[] = [];
after(async () => {
  for (const m of members) m.close();
  for (const b of brokers) await b.stop();
});

async function brokerWithDelay(groupInitialRebalanceDelayMs: number): Promise<number> {
  const b = await inProcessBroker({ groupInitialRebalanceDelayMs });
  brokers.push(b);
  await coordinatorReady(b.port);
  await createTopic(b.port, 't', 2);
  return b.port;
}

async function member(port: number, groupId: string): Promise<RawMember> {
  const m = await RawMember.connect(port, groupId);
  members.push(m);
  return m;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('joins 200 ms apart land in generation 1 together while the 600 ms initial delay runs; the first join waits out the delay', async () => {
  const port = await brokerWithDelay(600);
  const a = await member(port, 'g-delay');
  const b = await member(port, 'g-delay');
  assert.equal((await a.joinOnce()).errorCode, ErrorCode.MEMBER_ID_REQUIRED);
  assert.equal((await b.joinOnce()).errorCode, ErrorCode.MEMBER_ID_REQUIRED);
  const started = Date.now();
  const aJoined = a.joinOnce();
  await sleep(200);
  assert.equal((await describeGroup(port, 'g-delay')).groupState, 'PreparingRebalance');
  const bJoined = b.joinOnce();
  const [ra, rb] = await Promise.all([aJoined, bJoined]);
  const waited = Date.now() - started;
  assert.equal(ra.errorCode, ErrorCode.NONE);
  assert.equal(rb.errorCode, ErrorCode.NONE);
  assert.equal(ra.generationId, 1);
  assert.equal(rb.generationId, 1);
  assert.equal(ra.leader, rb.leader);
  const leader = ra.leader === a.memberId ? ra : rb;
  assert.equal(leader.members.length, 2, 'the leader assigns both members');
  // b joined during the first period, which earns a second one: 2 × 600 ms from a's join.
  assert.ok(waited >= 1150, `the join phase lasted ${waited} ms, expected two delay periods`);
  assert.ok(waited < 3000, `the join phase lasted ${waited} ms`);
});

test('at a delay of 0, joins sent together still form one generation', async () => {
  const port = await brokerWithDelay(0);
  const ms = await Promise.all([member(port, 'g-zero'), member(port, 'g-zero'), member(port, 'g-zero')]);
  for (const m of ms) assert.equal((await m.joinOnce()).errorCode, ErrorCode.MEMBER_ID_REQUIRED);
  const joined = await Promise.all(ms.map((m) => m.joinOnce()));
  assert.deepEqual(
    joined.map((r) => [r.errorCode, r.generationId]),
    [
      [ErrorCode.NONE, 1],
      [ErrorCode.NONE, 1],
      [ErrorCode.NONE, 1],
    ],
  );
  assert.equal(joined.find((r) => r.leader === r.memberId)!.members.length, 3);
});

test('a member that joins an empty group alone forms generation 1 after the delay, not before', async () => {
  const port = await brokerWithDelay(300);
  const a = await member(port, 'g-alone');
  const started = Date.now();
  const r = await a.join();
  const waited = Date.now() - started;
  assert.equal(r.errorCode, ErrorCode.NONE);
  assert.equal(r.generationId, 1);
  assert.ok(waited >= 290 && waited < 2000, `joined after ${waited} ms`);
});
