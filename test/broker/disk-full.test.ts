// needs: root (it mounts a tmpfs of 4 MB for the broker's data folder)
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readdirSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { startBroker, type Broker } from '../../src/broker/index.js';
import { CreateTopics, DeleteRecords, Fetch, ListOffsets, Metadata, OffsetCommit, OffsetFetch, Produce } from '../../src/protocol/apis.js';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { encodeRecordBatch } from '../../src/protocol/records/record-batch.js';
import { capturingLogger } from '../helpers/capturing-logger.js';
import { fetchAll, fetchRequest, NO_RECORDS } from '../helpers/fetch-all.js';
import { tempDir } from '../helpers/broker.js';
import { RawClient } from '../helpers/raw-client.js';
import { waitFor } from '../helpers/wait-for.js';

const TOPIC = 'filling';
const VALUE_BYTES = 16_000;
/** Left free by the filler file: room for some tens of values, so the disk fills within a second. */
const FILLER_BYTES = 3 << 20;

/** Mounts a 4 MB tmpfs on `dir`; fails, naming the cause, where that is not permitted. */
function mountTmpfs(dir: string): void {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', dir], { stdio: 'pipe' });
  } catch (err) {
    const said = (err as { stderr?: Buffer }).stderr?.toString().trim() || (err as Error).message;
    throw new Error(`this test needs to mount a tmpfs (run it as root, in a container allowed to mount): mount said: ${said}`, { cause: err });
  }
}

/** Writes `path` until the filesystem has no free page left. */
function fillUp(path: string): void {
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(4096, 2);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    closeSync(fd);
  }
}

/** Random bytes (so nothing about them is compressible or repeated) after a readable index. */
function value(i: number): Buffer {
  return Buffer.concat([Buffer.from(`value-${i}:`), randomBytes(VALUE_BYTES)]);
}

async function produceOne(c: RawClient, v: Buffer, acks: number, topic = TOPIC): Promise<{ errorCode: number; baseOffset: number; errorMessage: string | null }> {
  const records = encodeRecordBatch({ records: [{ key: null, value: v, timestamp: Date.now() }] });
  const res = await c.request(Produce, 9, { acks, timeoutMs: 1000, topicData: [{ name: topic, partitionData: [{ index: 0, records }] }] });
  const p = res.responses[0]!.partitionResponses[0]!;
  return { errorCode: p.errorCode, baseOffset: Number(p.baseOffset), errorMessage: p.errorMessage ?? null };
}

/** Commits offset 1 for every partition of TOPIC with `metadataBytes` of metadata each; the group's error per partition. */
async function commit(c: RawClient, partitions: number, metadataBytes: number): Promise<number[]> {
  const res = await c.request(OffsetCommit, 8, {
    groupId: 'full-disk-group',
    generationId: -1,
    memberId: '',
    groupInstanceId: null,
    topics: [{ name: TOPIC, partitions: Array.from({ length: partitions }, (_, i) => ({ partitionIndex: i, committedOffset: 1, committedLeaderEpoch: -1, committedMetadata: 'm'.repeat(metadataBytes) })) }],
  });
  return res.topics[0]!.partitions.map((p) => p.errorCode);
}

/** Produces fresh values to partition 0 of `topic` until one is refused; the acknowledged values and the refusal. */
async function produceUntilRefused(c: RawClient, acks: number, topic = TOPIC): Promise<{ acked: Buffer[]; refusal: { errorCode: number; errorMessage: string | null } }> {
  const acked: Buffer[] = [];
  for (let i = 0; i < 1000; i++) {
    const v = value(i);
    const r = await produceOne(c, v, acks, topic);
    if (r.errorCode !== ErrorCode.NONE) return { acked, refusal: r };
    assert.equal(r.baseOffset, acked.length, 'each acknowledged value takes the next offset');
    acked.push(v);
  }
  throw new Error('the 4 MB filesystem never filled');
}

async function highWatermark(c: RawClient): Promise<number> {
  const res = await c.request(ListOffsets, 5, { replicaId: -1, isolationLevel: 0, topics: [{ name: TOPIC, partitions: [{ partitionIndex: 0, timestamp: -1 }] }] });
  return Number(res.topics[0]!.partitions[0]!.offset);
}

test('a full disk: produce answers KAFKA_STORAGE_ERROR, fetch and other APIs go on, produce resumes once space is freed, and a restart finds every acknowledged record', async () => {
  const root = tempDir('streamdash-disk-full-');
  const mnt = join(root, 'mnt');
  mkdirSync(mnt);
  mountTmpfs(mnt);
  const dataDir = join(mnt, 'data');
  const filler = join(mnt, 'filler');
  const { logger, lines } = capturingLogger('warn');
  let broker: Broker | undefined;
  const clients: RawClient[] = [];
  try {
    broker = await startBroker({ port: 0, dataDir, fsyncOnAck: true, logger });
    const c = await RawClient.connect(broker.port);
    clients.push(c);
    const created = await c.request(CreateTopics, 7, { topics: [{ name: TOPIC, numPartitions: 3, replicationFactor: 1, assignments: [], configs: [] }], timeoutMs: 1000 });
    assert.equal(created.topics[0]!.errorCode, ErrorCode.NONE);
    // Groups load in the background; a first small commit also creates __consumer_offsets while there is room.
    await waitFor('the group coordinator to load', async () => (await commit(c, 1, 0)).every((e) => e === ErrorCode.NONE));
    writeFileSync(filler, Buffer.alloc(FILLER_BYTES, 1));

    const { acked, refusal } = await produceUntilRefused(c, -1);
    assert.ok(acked.length > 10, `only ${acked.length} values fitted before the disk was full`);
    assert.equal(refusal.errorCode, ErrorCode.KAFKA_STORAGE_ERROR, `refused with ${refusal.errorCode}: ${refusal.errorMessage}`);
    assert.match(refusal.errorMessage ?? '', /no space left .*ENOSPC.*Free space/);
    // What is left is less than a value; take the rest too, so that no write below finds a free page.
    fillUp(join(mnt, 'filler-rest'));

    // Still full: the broker keeps refusing, on the same connection, with acks=1 too.
    for (let i = 0; i < 20; i++) assert.equal((await produceOne(c, value(10_000 + i), i % 2 === 0 ? 1 : -1)).errorCode, ErrorCode.KAFKA_STORAGE_ERROR);
    const warnings = lines.filter((l) => /the disk is full/.test(String(l.msg)));
    assert.equal(warnings.length, 1, 'the full-disk warning is written once a minute, not once a request');

    // Nothing half-written: the segment holds exactly the acknowledged batches, which fetch returns whole.
    const fetched = await c.request(Fetch, 12, fetchRequest(TOPIC, 0, 0, { maxBytes: 8 << 20, partitionMaxBytes: 8 << 20 }));
    const stored = fetched.responses[0]!.partitions[0]!;
    assert.equal(stored.errorCode, ErrorCode.NONE);
    assert.equal(Number(stored.highWatermark), acked.length);
    const partitionDir = join(dataDir, `${TOPIC}-0`);
    const segmentBytes = readdirSync(partitionDir).filter((f) => f.endsWith('.log')).reduce((sum, f) => sum + statSync(join(partitionDir, f)).size, 0);
    assert.equal(segmentBytes, (stored.records ?? NO_RECORDS).length, 'no partial batch is left in the segment files');
    const whileFull = await fetchAll(broker.port, TOPIC);
    assert.deepEqual(whileFull.records.map((r) => r.offset), acked.map((_, i) => i));
    assert.ok(whileFull.records.every((r, i) => r.value!.equals(acked[i]!)), 'fetch returns every acknowledged value as sent');

    // Other APIs: Metadata, ListOffsets, OffsetFetch answer; a commit too big for the space left is refused
    // with NOT_COORDINATOR (Kafka's answer for a storage error on a group write) and is not applied.
    const md = await c.request(Metadata, 9, { topics: [{ name: TOPIC }], allowAutoTopicCreation: false, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false });
    assert.deepEqual([md.topics[0]!.errorCode, md.topics[0]!.partitions.length], [ErrorCode.NONE, 3]);
    assert.equal(await highWatermark(c), acked.length);
    assert.deepEqual(await commit(c, 3, 4000), [ErrorCode.NOT_COORDINATOR, ErrorCode.NOT_COORDINATOR, ErrorCode.NOT_COORDINATOR]);
    const offsets = await c.request(OffsetFetch, 7, { groupId: 'full-disk-group', topics: [{ name: TOPIC, partitionIndexes: [0, 1] }], requireStable: false });
    assert.deepEqual(offsets.topics[0]!.partitions.map((p) => Number(p.committedOffset)), [1, -1], 'the refused commit changed nothing');

    // Space freed: produce resumes at the next offset.
    rmSync(filler);
    rmSync(join(mnt, 'filler-rest'));
    const resumed = value(-1);
    const after = await produceOne(c, resumed, -1);
    assert.deepEqual([after.errorCode, after.baseOffset], [ErrorCode.NONE, acked.length]);
    acked.push(resumed);
    assert.deepEqual(await commit(c, 3, 4000), [ErrorCode.NONE, ErrorCode.NONE, ErrorCode.NONE]);

    for (const cl of clients) cl.close();
    clients.length = 0;
    await broker.close();
    broker = await startBroker({ port: 0, dataDir, fsyncOnAck: true, logger });
    const back = await fetchAll(broker.port, TOPIC);
    assert.deepEqual(back.records.map((r) => r.offset), acked.map((_, i) => i), 'after the restart: every acknowledged offset, no gap, no duplicate');
    assert.ok(back.records.every((r, i) => r.value!.equals(acked[i]!)), 'after the restart: every acknowledged value as sent');
    assert.ok(!lines.some((l) => /cut a torn or corrupt tail/.test(String(l.msg))), 'recovery found no torn tail to cut');
    const c2 = await RawClient.connect(broker.port);
    clients.push(c2);
    const next = await produceOne(c2, value(-2), -1);
    assert.deepEqual([next.errorCode, next.baseOffset], [ErrorCode.NONE, acked.length]);
  } finally {
    for (const cl of clients) cl.close();
    await broker?.close();
    execFileSync('umount', [mnt]);
    rmSync(root, { recursive: true, force: true });
  }
});

test('DeleteRecords frees a full disk: whole segments go first, the start is recorded, produce resumes; a topic that cannot be recorded leaves no folder', async () => {
  const root = tempDir('streamdash-disk-full-');
  const mnt = join(root, 'mnt');
  mkdirSync(mnt);
  mountTmpfs(mnt);
  const dataDir = join(mnt, 'data');
  let broker: Broker | undefined;
  const clients: RawClient[] = [];
  try {
    broker = await startBroker({ port: 0, dataDir });
    const c = await RawClient.connect(broker.port);
    clients.push(c);
    // The smallest segment Kafka allows, so the 4 MB hold a few segments and rolls happen on the way.
    const created = await c.request(CreateTopics, 7, { topics: [{ name: TOPIC, numPartitions: 1, replicationFactor: 1, assignments: [], configs: [{ name: 'segment.bytes', value: String(1 << 20) }] }], timeoutMs: 1000 });
    assert.equal(created.topics[0]!.errorCode, ErrorCode.NONE);
    const { acked, refusal } = await produceUntilRefused(c, 1);
    assert.equal(refusal.errorCode, ErrorCode.KAFKA_STORAGE_ERROR);
    fillUp(join(mnt, 'filler-rest'));
    const partitionDir = join(dataDir, `${TOPIC}-0`);
    const segments = () => readdirSync(partitionDir).filter((f) => f.endsWith('.log')).sort();
    assert.ok(segments().length >= 3, `only ${segments().length} segments on a full disk`);

    const late = await c.request(CreateTopics, 7, { topics: [{ name: 'late', numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] }], timeoutMs: 1000 });
    assert.equal(late.topics[0]!.errorCode, ErrorCode.KAFKA_STORAGE_ERROR);
    assert.ok(!readdirSync(dataDir).some((d) => d.startsWith('late')), 'a refused topic leaves no folder to be adopted at start-up');

    // Past the second segment's start: the first segment goes, and its space takes the start file.
    const secondBase = Number(segments()[1]!.slice(0, 20));
    const deleteBefore = secondBase + 1;
    const deleted = await c.request(DeleteRecords, 2, { topics: [{ name: TOPIC, partitions: [{ partitionIndex: 0, offset: deleteBefore }] }], timeoutMs: 1000 });
    assert.deepEqual([deleted.topics[0]!.partitions[0]!.errorCode, Number(deleted.topics[0]!.partitions[0]!.lowWatermark)], [ErrorCode.NONE, deleteBefore]);
    assert.equal(Number(segments()[0]!.slice(0, 20)), secondBase, 'the first segment is gone');

    const resumed = value(-1);
    const after = await produceOne(c, resumed, 1);
    assert.deepEqual([after.errorCode, after.baseOffset], [ErrorCode.NONE, acked.length]);
    acked.push(resumed);

    for (const cl of clients) cl.close();
    clients.length = 0;
    await broker.close();
    broker = await startBroker({ port: 0, dataDir });
    const back = await fetchAll(broker.port, TOPIC, 0, deleteBefore);
    assert.deepEqual(back.records.map((r) => r.offset), acked.slice(deleteBefore).map((_, i) => deleteBefore + i), 'after the restart: from the recorded start to the end, no gap');
    assert.ok(back.records.every((r, i) => r.value!.equals(acked[deleteBefore + i]!)), 'after the restart: every value kept, as sent');
    const c2 = await RawClient.connect(broker.port);
    clients.push(c2);
    const earliest = await c2.request(ListOffsets, 5, { replicaId: -1, isolationLevel: 0, topics: [{ name: TOPIC, partitions: [{ partitionIndex: 0, timestamp: -2 }] }] });
    assert.equal(Number(earliest.topics[0]!.partitions[0]!.offset), deleteBefore, 'the start recorded on the full disk survived the restart');
  } finally {
    for (const cl of clients) cl.close();
    await broker?.close();
    execFileSync('umount', [mnt]);
    rmSync(root, { recursive: true, force: true });
  }
});

test('an idempotent kafkajs producer retries through a full disk and lands its batch once when space comes back', async () => {
  const root = tempDir('streamdash-disk-full-');
  const mnt = join(root, 'mnt');
  mkdirSync(mnt);
  mountTmpfs(mnt);
  const dataDir = join(mnt, 'data');
  const { logger } = capturingLogger('warn');
  let broker: Broker | undefined;
  let c: RawClient | undefined;
  let kafka: Producer | undefined;
  try {
    broker = await startBroker({ port: 0, dataDir, logger });
    c = await RawClient.connect(broker.port);
    const created = await c.request(CreateTopics, 7, { topics: [{ name: TOPIC, numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] }], timeoutMs: 1000 });
    assert.equal(created.topics[0]!.errorCode, ErrorCode.NONE);
    kafka = new Kafka({ brokers: [broker.bootstrap], clientId: 'full-disk', logLevel: logLevel.NOTHING }).producer({
      idempotent: true,
      maxInFlightRequests: 1,
      retry: { retries: 60, initialRetryTime: 100, maxRetryTime: 200 },
    });
    // Connected (its producer id given) while there is room, so what meets the full disk is the send itself.
    await kafka.connect();
    writeFileSync(join(mnt, 'filler'), Buffer.alloc(FILLER_BYTES, 1));
    const { acked, refusal } = await produceUntilRefused(c, 1);
    assert.equal(refusal.errorCode, ErrorCode.KAFKA_STORAGE_ERROR);
    fillUp(join(mnt, 'filler-rest'));

    let spaceBack = false;
    const freed = new Promise<void>((resolve) =>
      setTimeout(() => {
        rmSync(join(mnt, 'filler'));
        rmSync(join(mnt, 'filler-rest'));
        spaceBack = true;
        resolve();
      }, 1500),
    );
    const v = value(-1);
    const [meta] = await kafka.send({ topic: TOPIC, acks: -1, messages: [{ value: v }] });
    assert.ok(spaceBack, 'the send was acknowledged only once space came back: it met the full disk and retried');
    await freed;
    assert.equal(Number(meta!.baseOffset), acked.length, 'the batch lands at the next offset');
    const back = await fetchAll(broker.port, TOPIC);
    assert.deepEqual(back.records.map((r) => r.offset), [...acked, v].map((_, i) => i), 'no gap, no duplicate');
    assert.ok(back.records.at(-1)!.value!.equals(v), 'the retried value is stored once, as sent');
  } finally {
    await kafka?.disconnect().catch(() => {});
    c?.close();
    await broker?.close();
    execFileSync('umount', [mnt]);
    rmSync(root, { recursive: true, force: true });
  }
});
