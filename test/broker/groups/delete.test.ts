import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { test } from 'node:test';
import { DeleteGroups, OffsetDelete } from '../../../src/protocol/apis.js';
import { ErrorCode } from '../../../src/protocol/error-codes.js';
import { inProcessBroker, tempDir } from '../../helpers/broker.js';
import { RawClient } from '../../helpers/raw-client.js';
import { encodeAssignment } from './consumer-protocol.js';
import { coordinatorReady, createTopic, describeGroup, fetchCommitted, RawMember } from './raw-group.js';

async function deleteGroups(port: number, groups: string[]): Promise<Record<string, number>> {
  const c = await RawClient.connect(port);
  try {
    const r = await c.request(DeleteGroups, 3, { groupsNames: groups });
    return Object.fromEntries(r.results.map((g) => [g.groupId, g.errorCode]));
  } finally {
    c.close();
  }
}

async function deleteOffsets(port: number, groupId: string, topics: Record<string, number[]>): Promise<{ errorCode: number; partitions: Record<string, number> }> {
  const c = await RawClient.connect(port);
  try {
    const r = await c.request(OffsetDelete, 0, {
      groupId,
      topics: Object.entries(topics).map(([name, ps]) => ({ name, partitions: ps.map((partitionIndex) => ({ partitionIndex })) })),
    });
    const partitions: Record<string, number> = {};
    for (const t of r.topics) for (const p of t.partitions) partitions[`${t.name}-${p.partitionIndex}`] = p.errorCode;
    return { errorCode: r.errorCode, partitions };
  } finally {
    c.close();
  }
}

/** A member of `groupId` subscribed to `topics`, Stable, with offsets committed for t-0 and u-0. */
async function memberWithOffsets(port: number, groupId: string, topics: string[]): Promise<RawMember> {
  const m = await RawMember.connect(port, groupId);
  await m.join({ topics });
  await m.sync([{ memberId: m.memberId, assignment: encodeAssignment({ t: [0, 1] }) }]);
  assert.deepEqual(await m.commit({ t: { 0: 5, 1: 6 }, u: { 0: 7 } }), { 't-0': 0, 't-1': 0, 'u-0': 0 });
  return m;
}

test('DeleteGroups removes an empty group and its offsets for good (also after a restart); a group with members is NON_EMPTY_GROUP', async () => {
  const dir = tempDir();
  try {
    let broker = await inProcessBroker({ dataDir: dir });
    try {
      await coordinatorReady(broker.port);
      await createTopic(broker.port, 't', 2);
      await createTopic(broker.port, 'u', 1);
      const m = await memberWithOffsets(broker.port, 'g', ['t']);
      assert.deepEqual(await deleteGroups(broker.port, ['g', 'nobody', '']), {
        g: ErrorCode.NON_EMPTY_GROUP,
        nobody: ErrorCode.GROUP_ID_NOT_FOUND,
        '': ErrorCode.INVALID_GROUP_ID,
      });
      await m.leave();
      m.close();
      assert.equal((await describeGroup(broker.port, 'g')).groupState, 'Empty');
      assert.deepEqual(await deleteGroups(broker.port, ['g']), { g: ErrorCode.NONE });
      assert.equal((await describeGroup(broker.port, 'g')).groupState, 'Dead');
      assert.deepEqual((await fetchCommitted(broker.port, 'g')).offsets, {});
      assert.deepEqual(await deleteGroups(broker.port, ['g']), { g: ErrorCode.GROUP_ID_NOT_FOUND });
    } finally {
      await broker.stop().catch(() => {});
    }
    broker = await inProcessBroker({ dataDir: dir });
    try {
      await coordinatorReady(broker.port);
      assert.deepEqual((await fetchCommitted(broker.port, 'g')).offsets, {}, 'the deletion survives a restart');
      assert.equal((await describeGroup(broker.port, 'g')).groupState, 'Dead');
    } finally {
      await broker.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('OffsetDelete drops offsets of topics the group does not subscribe to, refuses subscribed ones with GROUP_SUBSCRIBED_TO_TOPIC', async () => {
  const broker = await inProcessBroker();
  try {
    await coordinatorReady(broker.port);
    await createTopic(broker.port, 't', 2);
    await createTopic(broker.port, 'u', 1);
    const m = await memberWithOffsets(broker.port, 'g', ['t']);
    assert.deepEqual(await deleteOffsets(broker.port, 'g', { t: [0], u: [0], missing: [0] }), {
      errorCode: ErrorCode.NONE,
      partitions: { 't-0': ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC, 'u-0': ErrorCode.NONE, 'missing-0': ErrorCode.UNKNOWN_TOPIC_OR_PARTITION },
    });
    assert.deepEqual(Object.keys((await fetchCommitted(broker.port, 'g')).offsets).sort(), ['t-0', 't-1']);
    await m.leave();
    m.close();
    // Once the group is empty nothing is subscribed: its offsets of t can go too.
    assert.deepEqual((await deleteOffsets(broker.port, 'g', { t: [1] })).partitions, { 't-1': ErrorCode.NONE });
    assert.deepEqual(Object.keys((await fetchCommitted(broker.port, 'g')).offsets), ['t-0']);
    assert.equal((await deleteOffsets(broker.port, 'nobody', { t: [0] })).errorCode, ErrorCode.GROUP_ID_NOT_FOUND);
  } finally {
    await broker.stop();
  }
});
