import assert from 'node:assert/strict';
import { mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { LogStorageError } from '../../../src/broker/log/errors.js';
import { PartitionLog } from '../../../src/broker/log/partition-log.js';
import { segmentPath } from '../../../src/broker/log/segment-files.js';
import { startBroker } from '../../../src/broker/index.js';
import { CreateTopics, Fetch, Produce } from '../../../src/protocol/apis.js';
import { ErrorCode } from '../../../src/protocol/error-codes.js';
import { decodeRecordBatches, encodeRecordBatch } from '../../../src/protocol/records/record-batch.js';
import { tempDir } from '../../helpers/broker.js';
import { fetchRequest, NO_RECORDS } from '../../helpers/fetch-all.js';
import { RawClient } from '../../helpers/raw-client.js';
import { makeBatch } from './make-batch.js';
import { tempPartitionDir } from './temp-dir.js';

// A real fsync(2) that fails: the active segment's .log is a symlink to /dev/null, which takes writes
// and answers fsync with EINVAL (no disk behind it), as a failing disk answers EIO. Reads from it come
// back empty, so these tests check writes and answers, not what a reader sees; test/broker/disk-full.test.ts
// reads after a failed write.

/** A partition folder whose first segment's .log is /dev/null. */
function devNullSegment(dir: string): void {
  mkdirSync(dir, { recursive: true });
  symlinkSync('/dev/null', segmentPath(dir, 0, 'log'));
}

function isOffline(err: unknown): boolean {
  return err instanceof LogStorageError && err.offline && err.errno === 'EINVAL' && /offline .*restart the broker/.test(err.message);
}

test('an append whose fsync fails is not acknowledged nor kept, and the log refuses writes until it is opened again', () => {
  const dir = tempPartitionDir();
  devNullSegment(dir);
  const log = PartitionLog.open(dir);
  assert.deepEqual(log.append(makeBatch({ records: 2, seed: 1 })), { baseOffset: 0, lastOffset: 1, logStartOffset: 0 }, 'without an fsync the write succeeds');
  assert.throws(() => log.append(makeBatch({ records: 3, seed: 2 }), { sync: true }), isOffline);
  assert.equal(log.logEndOffset, 2, 'the append whose fsync failed is cut off: its offsets are not taken');
  assert.equal(log.unflushedMessages, 2, 'only what was there before is left unsynced');
  assert.ok(isOffline(log.offlineReason));
  assert.throws(() => log.append(makeBatch({ seed: 3 })), isOffline, 'offline: no write is taken, synced or not');
  assert.throws(() => log.flush(), isOffline, 'a later fsync would prove nothing, so none is tried');
  assert.equal(log.logEndOffset, 2);
  log.close();
});

test('a scheduled flush that fails takes the log offline instead of throwing from the timer', () => {
  const dir = tempPartitionDir();
  devNullSegment(dir);
  let now = 0;
  const log = PartitionLog.open(dir, { flushMs: 10 }, { now: () => now });
  log.append(makeBatch({ records: 4, seed: 1 }));
  now = 100;
  assert.doesNotThrow(() => log.maybeFlush());
  assert.ok(isOffline(log.offlineReason));
  assert.throws(() => log.append(makeBatch({ seed: 2 })), isOffline);
  assert.doesNotThrow(() => log.close());
});

test('through the broker: produce to a partition whose fsync failed answers KAFKA_STORAGE_ERROR until a restart; its other partitions and the broker go on', async () => {
  const root = tempDir('streamdash-fsync-');
  const dataDir = join(root, 'data');
  try {
    let broker = await startBroker({ port: 0, dataDir, fsyncOnAck: true });
    let c = await RawClient.connect(broker.port);
    const created = await c.request(CreateTopics, 7, { topics: [{ name: 'synced', numPartitions: 2, replicationFactor: 1, assignments: [], configs: [] }], timeoutMs: 1000 });
    assert.equal(created.topics[0]!.errorCode, ErrorCode.NONE);
    c.close();
    await broker.close();
    const failing = join(dataDir, 'synced-0');
    rmSync(segmentPath(failing, 0, 'log'));
    symlinkSync('/dev/null', segmentPath(failing, 0, 'log'));

    broker = await startBroker({ port: 0, dataDir, fsyncOnAck: true });
    c = await RawClient.connect(broker.port);
    const produce = async (partition: number, acks: number, v: string) => {
      const records = encodeRecordBatch({ records: [{ key: null, value: Buffer.from(v), timestamp: Date.now() }] });
      const res = await c.request(Produce, 9, { acks, timeoutMs: 1000, topicData: [{ name: 'synced', partitionData: [{ index: partition, records }] }] });
      return res.responses[0]!.partitionResponses[0]!;
    };
    const first = await produce(0, -1, 'not durable');
    assert.equal(first.errorCode, ErrorCode.KAFKA_STORAGE_ERROR);
    assert.match(first.errorMessage ?? '', /offline .*EINVAL/);
    assert.equal((await produce(0, 1, 'acks=1 too')).errorCode, ErrorCode.KAFKA_STORAGE_ERROR, 'offline for every write, not only synced ones');
    const other = await produce(1, -1, 'kept');
    assert.deepEqual([other.errorCode, Number(other.baseOffset)], [ErrorCode.NONE, 0]);
    const fetched = await c.request(Fetch, 12, fetchRequest('synced', 1, 0));
    const values = decodeRecordBatches(fetched.responses[0]!.partitions[0]!.records ?? NO_RECORDS).flatMap((b) => b.records.map((r) => r.value!.toString()));
    assert.deepEqual(values, ['kept']);
    c.close();
    await broker.close();
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
