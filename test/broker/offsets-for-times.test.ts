import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PartitionLog } from '../../src/broker/log/partition-log.js';
import { recordOffsetForTimestamp } from '../../src/broker/offsets-for-times.js';
import { encodeRecordBatch } from '../../src/protocol/records/record-batch.js';
import { tempPartitionDir } from './log/temp-dir.js';

const T0 = 1_700_000_000_000;

function batchOf(timestamps: number[]): Buffer {
  return encodeRecordBatch({ records: timestamps.map((timestamp, i) => ({ key: null, value: Buffer.from(`v${i}`), timestamp })) });
}

test('offsets for times answer the first record at or after the timestamp, not the base offset of its batch', () => {
  const log = PartitionLog.open(tempPartitionDir());
  log.append(batchOf([T0, T0 + 1, T0 + 2])); // offsets 0..2, one batch
  log.append(batchOf([T0 + 3, T0 + 5])); // offsets 3..4
  assert.deepEqual(recordOffsetForTimestamp(log, T0 + 1), { offset: 1, timestamp: T0 + 1 });
  assert.deepEqual(recordOffsetForTimestamp(log, T0 + 2), { offset: 2, timestamp: T0 + 2 });
  assert.deepEqual(recordOffsetForTimestamp(log, T0 + 4), { offset: 4, timestamp: T0 + 5 });
  assert.deepEqual(recordOffsetForTimestamp(log, T0 - 10), { offset: 0, timestamp: T0 });
  assert.equal(recordOffsetForTimestamp(log, T0 + 6), null);
  log.close();
});

test('DeleteRecords moves the log start inside a batch; offsets for times and reads follow it, and it survives a reopen', () => {
  const dir = tempPartitionDir();
  let log = PartitionLog.open(dir);
  log.append(batchOf([T0, T0 + 1, T0 + 2]));
  assert.equal(log.deleteRecordsBefore(2), 2);
  assert.equal(log.logStartOffset, 2);
  assert.deepEqual(recordOffsetForTimestamp(log, T0), { offset: 2, timestamp: T0 + 2 });
  assert.throws(() => log.read(1, 1000), { name: 'OffsetOutOfRangeError' });
  assert.throws(() => log.deleteRecordsBefore(4), { name: 'OffsetOutOfRangeError' });
  log.close();
  log = PartitionLog.open(dir);
  assert.equal(log.logStartOffset, 2);
  assert.equal(log.logEndOffset, 3);
  log.close();
});
