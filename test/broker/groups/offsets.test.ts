import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { test } from 'node:test';
import { DeleteTopics, Metadata, OffsetCommit, OffsetFetch } from '../../../src/protocol/apis.js';
import { ErrorCode } from '../../../src/protocol/error-codes.js';
import { encodeRecordBatch } from '../../../src/protocol/records/record-batch.js';
import { decodeOffsetsRecord } from '../../../src/broker/groups/records.js';
import { inProcessBroker, tempDir } from '../../helpers/broker.js';
import { fetchAll } from '../../helpers/fetch-all.js';
import { RawClient } from '../../helpers/raw-client.js';
import { produceRaw } from '../producers/raw-produce.js';
import { encodeAssignment } from './consumer-protocol.js';
import { coordinatorReady, createTopic, describeGroup, fetchCommitted, RawMember } from './raw-group.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function withBroker<T>(dataDir: string, opts: Parameters<typeof inProcessBroker>[0], fn: (b: Awaited<ReturnType<typeof inProcessBroker>>) => Promise<T>): Promise<T> {
  const broker = await inProcessBroker({ ...opts, dataDir });
  try {
    await coordinatorReady(broker.port);
    return await fn(broker);
  } finally {
    await broker.stop();
  }
}

/** A member alone in `groupId`, Stable with every partition of t. */
async function soleMember(port: number, groupId: string): Promise<RawMember> {
  const m = await RawMember.connect(port, groupId);
  await m.join();
  await m.sync([{ memberId: m.memberId, assignment: encodeAssignment({ t: [0, 1, 2] }) }]);
  return m;
}

test('committed offsets and their metadata come back from OffsetFetch; unknown topics and partitions get their own errors', async () => {
  const dir = tempDir();
  try {
    await withBroker(dir, {}, async (b) => {
      await createTopic(b.port, 't', 3);
      const m = await soleMember(b.port, 'g');
      const errors = await m.commit({ t: { 0: 10, 1: 20, 7: 1 }, missing: { 0: 1 } }, 'checkpoint {"job":1}');
      assert.deepEqual(errors, {
        't-0': ErrorCode.NONE,
        't-1': ErrorCode.NONE,
        't-7': ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
        'missing-0': ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
      });
      assert.deepEqual(await m.commit({ t: { 2: 1 } }, 'x'.repeat(4097)), { 't-2': ErrorCode.OFFSET_METADATA_TOO_LARGE });

      const all = await fetchCommitted(b.port, 'g');
      assert.equal(all.errorCode, ErrorCode.NONE);
      assert.deepEqual(all.offsets, {
        't-0': { offset: 10, metadata: 'checkpoint {"job":1}', errorCode: 0 },
        't-1': { offset: 20, metadata: 'checkpoint {"job":1}', errorCode: 0 },
      });
      const some = await fetchCommitted(b.port, 'g', [
        { name: 't', partitionIndexes: [1, 2] },
        { name: 'missing', partitionIndexes: [0] },
      ]);
      assert.deepEqual(some.offsets, {
        't-1': { offset: 20, metadata: 'checkpoint {"job":1}', errorCode: 0 },
        't-2': { offset: -1, metadata: '', errorCode: 0 },
        'missing-0': { offset: -1, metadata: '', errorCode: 0 },
      });
      assert.deepEqual((await fetchCommitted(b.port, 'nobody')).offsets, {});

      // OffsetFetch v1 (kafka-python) has no top-level error and no null topic list.
      const c = await RawClient.connect(b.port);
      const v1 = await c.request(OffsetFetch, 1, { groupId: 'g', topics: [{ name: 't', partitionIndexes: [0] }] });
      assert.deepEqual(v1.topics[0].partitions.map((p) => [p.committedOffset, p.metadata]), [[10, 'checkpoint {"job":1}']]);
      // Without group management (generation -1) a group only stores offsets.
      const simple = await c.request(OffsetCommit, 2, {
        groupId: 'simple',
        generationId: -1,
        memberId: '',
        retentionTimeMs: -1,
        topics: [{ name: 't', partitions: [{ partitionIndex: 0, committedOffset: 3, committedMetadata: null }] }],
      });
      assert.equal(simple.topics[0].partitions[0].errorCode, ErrorCode.NONE);
      assert.equal((await fetchCommitted(b.port, 'simple')).offsets['t-0']!.offset, 3);
      assert.equal((await describeGroup(b.port, 'simple')).groupState, 'Empty');
      c.close();
      m.close();
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('offsets and a stable group survive a restart: the member keeps its generation and session', async () => {
  const dir = tempDir();
  try {
    let memberId = '';
    let generation = -1;
    await withBroker(dir, {}, async (b) => {
      await createTopic(b.port, 't', 3);
      const m = await soleMember(b.port, 'g');
      await m.commit({ t: { 0: 5, 1: 6, 2: 7 } }, 'before restart');
      await m.commit({ t: { 2: 8 } });
      memberId = m.memberId;
      generation = m.generationId;
      m.close();
    });
    await withBroker(dir, {}, async (b) => {
      const after = await fetchCommitted(b.port, 'g');
      assert.deepEqual(after.offsets, {
        't-0': { offset: 5, metadata: 'before restart', errorCode: 0 },
        't-1': { offset: 6, metadata: 'before restart', errorCode: 0 },
        't-2': { offset: 8, metadata: '', errorCode: 0 },
      });
      const d = await describeGroup(b.port, 'g');
      assert.equal(d.groupState, 'Stable');
      assert.deepEqual(d.members.map((x: { memberId: string }) => x.memberId), [memberId]);
      const m = await RawMember.connect(b.port, 'g');
      assert.equal(await m.heartbeat(generation, memberId), ErrorCode.NONE, 'the member carries on without rejoining');
      m.close();
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an empty group loses its offsets after the retention time, durably; a group with members keeps them', async () => {
  const dir = tempDir();
  const opts = { offsetsRetentionMs: 600, housekeepingIntervalMs: 100 };
  try {
    await withBroker(dir, opts, async (b) => {
      await createTopic(b.port, 't', 3);
      const leaving = await soleMember(b.port, 'leaving');
      await leaving.commit({ t: { 0: 1 } });
      await leaving.leave();
      const staying = await soleMember(b.port, 'staying');
      await staying.commit({ t: { 0: 2 } });
      const deadline = Date.now() + 10000;
      while (Object.keys((await fetchCommitted(b.port, 'leaving')).offsets).length > 0 && Date.now() < deadline) {
        await staying.heartbeat();
        await sleep(100);
      }
      assert.deepEqual((await fetchCommitted(b.port, 'leaving')).offsets, {}, 'expired after the group emptied');
      assert.equal((await describeGroup(b.port, 'leaving')).groupState, 'Dead', 'an empty group without offsets is deleted');
      assert.equal((await fetchCommitted(b.port, 'staying')).offsets['t-0']!.offset, 2, 'a group with members keeps its offsets');
      staying.close();
      leaving.close();
    });
    await withBroker(dir, { offsetsRetentionMs: 7 * 24 * 3600 * 1000 }, async (b) => {
      assert.deepEqual((await fetchCommitted(b.port, 'leaving')).offsets, {}, 'the expiry was written to the log');
      assert.equal((await fetchCommitted(b.port, 'staying')).offsets['t-0']!.offset, 2);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// The rewrite recreates the topic, so reading it from offset 0 sees only what the rewrite kept.
test('__consumer_offsets is rewritten with only its latest values once it is mostly superseded records', async () => {
  const dir = tempDir();
  try {
    await withBroker(dir, { housekeepingIntervalMs: 100 }, async (b) => {
      await createTopic(b.port, 't', 3);
      const m = await soleMember(b.port, 'g');
      for (let i = 1; i <= 1500; i++) await m.commit({ t: { 0: i, 1: i * 2 } });
      // 3000 offset records were written for 2 live keys; a rewrite leaves fewer than the 1000 superseded records it tolerates.
      const deadline = Date.now() + 10000;
      let stored = (await fetchAll(b.port, '__consumer_offsets')).records;
      while (stored.length > 1000 && Date.now() < deadline) {
        await sleep(100);
        stored = (await fetchAll(b.port, '__consumer_offsets')).records;
      }
      assert.ok(stored.length <= 1000, `the topic still holds ${stored.length} records`);
      const latest = new Map<string, number>();
      for (const e of stored.map((r) => decodeOffsetsRecord(r.key, r.value))) {
        if (e.kind === 'offset' && e.value) latest.set(`${e.key.topic}-${e.key.partition}`, e.value.offset);
      }
      assert.deepEqual(Object.fromEntries(latest), { 't-0': 1500, 't-1': 3000 });
      m.close();
    });
    await withBroker(dir, {}, async (b) => {
      const after = await fetchCommitted(b.port, 'g');
      assert.equal(after.offsets['t-0']!.offset, 1500);
      assert.equal(after.offsets['t-1']!.offset, 3000);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('__consumer_offsets is never auto-created by clients, is listed as internal, and refuses produce requests', async () => {
  const dir = tempDir();
  try {
    await withBroker(dir, {}, async (b) => {
      const c = await RawClient.connect(b.port);
      const asked = await c.request(Metadata, 9, { topics: [{ name: '__consumer_offsets' }], allowAutoTopicCreation: true, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false });
      assert.equal(asked.topics[0].errorCode, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, 'no commit yet, so no offsets topic');
      await createTopic(b.port, 't', 3);
      const m = await soleMember(b.port, 'g');
      await m.commit({ t: { 0: 1 } });
      const meta = await c.request(Metadata, 9, { topics: null, allowAutoTopicCreation: false, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false });
      const internal = meta.topics.find((t: { name: string }) => t.name === '__consumer_offsets');
      assert.ok(internal, 'listed');
      assert.equal(internal.isInternal, true);
      assert.equal(meta.topics.find((t) => t.name === 't')?.isInternal, false);
      const batch = encodeRecordBatch({ records: [{ key: Buffer.from('k'), value: Buffer.from('v'), timestamp: Date.now() }] });
      const r = await produceRaw(c, '__consumer_offsets', 0, batch);
      assert.equal(r.errorCode, ErrorCode.INVALID_TOPIC_EXCEPTION);
      c.close();
      m.close();
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('deleting a topic drops the offsets committed for it, so a topic created again under that name starts unread', async () => {
  const dir = tempDir();
  try {
    await withBroker(dir, {}, async (b) => {
      await createTopic(b.port, 't', 3);
      await createTopic(b.port, 'kept', 1);
      const m = await soleMember(b.port, 'g');
      await m.commit({ t: { 0: 40, 1: 41 }, kept: { 0: 7 } });
      const c = await RawClient.connect(b.port);
      const deleted = await c.request(DeleteTopics, 4, { topicNames: ['t'], timeoutMs: 5000 });
      assert.equal(deleted.responses[0].errorCode, ErrorCode.NONE);
      c.close();
      await createTopic(b.port, 't', 3);
      assert.deepEqual(Object.keys((await fetchCommitted(b.port, 'g')).offsets), ['kept-0']);
      m.close();
    });
    await withBroker(dir, {}, async (b) => {
      assert.deepEqual(Object.keys((await fetchCommitted(b.port, 'g')).offsets), ['kept-0'], 'durably');
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
