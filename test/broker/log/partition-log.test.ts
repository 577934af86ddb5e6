import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { test } from 'node:test';
import { checkBatchAt } from '../../../src/protocol/records/batch-header.js';
import {
  InvalidLogConfigError,
  LogClosedError,
  MalformedAppendError,
  OffsetOutOfRangeError,
} from '../../../src/broker/log/errors.js';
import { PartitionLog } from '../../../src/broker/log/partition-log.js';
import { batchesIn } from './batches-in.js';
import { makeBatch } from './make-batch.js';
import { tempPartitionDir } from './temp-dir.js';

test('appends get consecutive offsets and read returns the stored batches byte for byte', () => {
  const log = PartitionLog.open(tempPartitionDir());
  const a = makeBatch({ records: 3, seed: 1 });
  const b = Buffer.concat([makeBatch({ records: 2, seed: 2 }), makeBatch({ records: 1, seed: 3 })]);
  const c = makeBatch({ records: 4, seed: 4 });
  assert.deepEqual(log.append(a), { baseOffset: 0, lastOffset: 2, logStartOffset: 0 });
  assert.deepEqual(log.append(b), { baseOffset: 3, lastOffset: 5, logStartOffset: 0 });
  assert.deepEqual(log.append(c), { baseOffset: 6, lastOffset: 9, logStartOffset: 0 });
  assert.equal(log.logEndOffset, 10);
  assert.equal(log.sizeBytes, a.length + b.length + c.length);

  const data = log.read(0, 1 << 20);
  assert.deepEqual(data, Buffer.concat([a, b, c]));
  const batches = batchesIn(data);
  assert.deepEqual(batches.map((x) => x.header.baseOffset), [0, 3, 5, 6]);
  for (const { header, bytes } of batches) {
    assert.equal(header.partitionLeaderEpoch, 0);
    assert.equal(checkBatchAt(bytes, 0), bytes.length, 'assigning offsets must keep the CRC valid');
  }
  log.close();
});

test('a fetch from inside a batch starts at that batch', () => {
  const log = PartitionLog.open(tempPartitionDir());
  const first = makeBatch({ records: 5, seed: 1 });
  const second = makeBatch({ records: 5, seed: 2 });
  log.append(first);
  log.append(second);
  for (const offset of [0, 3, 4]) assert.deepEqual(log.read(offset, 1 << 20), Buffer.concat([first, second]));
  for (const offset of [5, 7, 9]) assert.deepEqual(log.read(offset, 1 << 20), second);
  log.close();
});

test('maxBytes keeps to whole batches yet always returns at least one', () => {
  const log = PartitionLog.open(tempPartitionDir());
  const sizes = [100, 200, 300];
  const batches = sizes.map((size, i) => makeBatch({ bodyBytes: size - 61, seed: i }));
  for (const batch of batches) log.append(batch);
  assert.deepEqual(log.read(0, 299), batches[0]);
  assert.deepEqual(log.read(0, 300), Buffer.concat([batches[0]!, batches[1]!]));
  assert.deepEqual(log.read(0, 10), batches[0], 'first batch whole even when larger than maxBytes');
  assert.deepEqual(log.read(2, 0), batches[2]);
  assert.equal(log.read(3, 1000).length, 0, 'nothing at the log end offset');
  log.close();
});

test('reads outside [logStartOffset, logEndOffset] throw OffsetOutOfRangeError with the range', () => {
  const log = PartitionLog.open(tempPartitionDir());
  log.append(makeBatch({ records: 2 }));
  for (const offset of [-1, 3, 100]) {
    assert.throws(
      () => log.read(offset, 100),
      (err: unknown) =>
        err instanceof OffsetOutOfRangeError && err.offset === offset && err.logStartOffset === 0 && err.logEndOffset === 2,
    );
  }
  log.close();
});

test('segments roll before an append would pass segmentBytes, and reads cross them', () => {
  const dir = tempPartitionDir();
  const log = PartitionLog.open(dir, { segmentBytes: 1000 });
  const batches = Array.from({ length: 7 }, (_, i) => makeBatch({ records: 2, bodyBytes: 239, seed: i }));
  for (const batch of batches) log.append(batch);
  // 300-byte batches: three fit in 1000 bytes, the fourth starts a segment.
  assert.equal(log.segmentCount, 3);
  assert.deepEqual(
    readdirSync(dir).filter((n) => n.endsWith('.log')),
    ['00000000000000000000.log', '00000000000000000006.log', '00000000000000000012.log'],
  );
  assert.deepEqual(log.read(0, 1 << 20), Buffer.concat(batches));
  assert.deepEqual(log.read(5, 600), Buffer.concat([batches[2]!, batches[3]!]), 'whole batches across the boundary');

  const big = makeBatch({ bodyBytes: 2000, seed: 9 });
  assert.equal(log.append(big).baseOffset, 14);
  assert.equal(log.segmentCount, 4, 'an append larger than segmentBytes gets a segment of its own');
  log.append(makeBatch({ seed: 10 }));
  assert.equal(log.segmentCount, 5);
  log.close();
});

test('segments roll once segmentMs passed since their first append', () => {
  const log = PartitionLog.open(tempPartitionDir(), { segmentMs: 1000 });
  log.append(makeBatch(), { now: 10_000 });
  log.append(makeBatch(), { now: 10_900 });
  log.append(makeBatch(), { now: 11_000 });
  assert.equal(log.segmentCount, 1);
  log.append(makeBatch(), { now: 11_001 });
  assert.equal(log.segmentCount, 2);
  log.append(makeBatch(), { now: 11_500 });
  log.append(makeBatch(), { now: 12_001 });
  assert.equal(log.segmentCount, 2, 'the new segment\'s clock starts at its own first append');
  log.append(makeBatch(), { now: 12_002 });
  assert.equal(log.segmentCount, 3);
  assert.equal(log.logEndOffset, 7);
  log.close();
});

test('a batch whose offsets would overflow the segment\'s int32 relative offsets starts a new segment', () => {
  const log = PartitionLog.open(tempPartitionDir());
  log.append(makeBatch({ records: 1, lastOffsetDelta: 2 ** 31 - 1 }));
  assert.equal(log.segmentCount, 1);
  const second = makeBatch({ seed: 1 });
  assert.equal(log.append(second).baseOffset, 2 ** 31);
  assert.equal(log.segmentCount, 2);
  assert.deepEqual(log.read(2 ** 31, 1000), second);
  log.close();
});

test('reopening after close gives the same offsets and bytes, and appends continue', () => {
  const dir = tempPartitionDir();
  const config = { segmentBytes: 2000, indexIntervalBytes: 256 };
  const log = PartitionLog.open(dir, config);
  for (let i = 0; i < 20; i++) log.append(makeBatch({ records: 1 + (i % 4), bodyBytes: 50 + i * 13, seed: i }));
  const before = { end: log.logEndOffset, start: log.logStartOffset, size: log.sizeBytes, segments: log.segmentCount };
  const bytes = log.read(0, 1 << 20);
  log.close();

  const reopened = PartitionLog.open(dir, config);
  assert.deepEqual(
    { end: reopened.logEndOffset, start: reopened.logStartOffset, size: reopened.sizeBytes, segments: reopened.segmentCount },
    before,
  );
  assert.deepEqual(reopened.read(0, 1 << 20), bytes);
  assert.equal(reopened.append(makeBatch()).baseOffset, before.end);
  reopened.close();
});

test('forEachBatchHeader walks every batch from the one holding the offset to the end', () => {
  const log = PartitionLog.open(tempPartitionDir(), { segmentBytes: 300 });
  for (let i = 0; i < 6; i++) log.append(makeBatch({ records: 3, bodyBytes: 100, seed: i }));
  const seen: number[] = [];
  log.forEachBatchHeader(7, (h) => seen.push(h.baseOffset));
  assert.deepEqual(seen, [6, 9, 12, 15]);
  assert.ok(log.segmentCount > 1);
  log.forEachBatchHeader(18, () => assert.fail('nothing after the log end'));
  log.close();
});

test('sync appends and the flush policies fsync and reset the unflushed count', () => {
  const dir = tempPartitionDir();
  let now = 0;
  const log = PartitionLog.open(dir, { flushMessages: 5, flushMs: 1000 }, { now: () => now });
  log.append(makeBatch({ records: 2 }), { sync: true });
  assert.equal(log.unflushedMessages, 0);

  log.append(makeBatch({ records: 3 }));
  assert.equal(log.unflushedMessages, 3);
  log.append(makeBatch({ records: 2 }));
  assert.equal(log.unflushedMessages, 0, 'flushMessages=5 reached');

  log.append(makeBatch({ records: 1 }));
  now = 999;
  log.maybeFlush();
  assert.equal(log.unflushedMessages, 1);
  now = 1000;
  log.maybeFlush();
  assert.equal(log.unflushedMessages, 0, 'flushMs passed, timer-driven');

  log.append(makeBatch({ records: 1 }), { now: 1500 });
  assert.equal(log.unflushedMessages, 1);
  log.append(makeBatch({ records: 1 }), { now: 2000 });
  assert.equal(log.unflushedMessages, 0, 'flushMs passed, checked on append');
  const bytes = log.read(0, 1 << 20);
  log.close();

  const reopened = PartitionLog.open(dir);
  assert.equal(reopened.logEndOffset, 10);
  assert.deepEqual(reopened.read(0, 1 << 20), bytes);
  reopened.close();
});

test('without a flush policy, appends leave data to the page cache', () => {
  const log = PartitionLog.open(tempPartitionDir());
  log.append(makeBatch({ records: 4 }));
  log.maybeFlush(Number.MAX_SAFE_INTEGER);
  assert.equal(log.unflushedMessages, 4);
  log.close();
});

test('malformed appends are refused before anything is written', () => {
  const log = PartitionLog.open(tempPartitionDir());
  const batch = makeBatch();
  assert.throws(() => log.append(Buffer.alloc(0)), MalformedAppendError);
  assert.throws(() => log.append(batch.subarray(0, batch.length - 1)), MalformedAppendError);
  assert.throws(() => log.append(Buffer.concat([batch, Buffer.alloc(10)])), MalformedAppendError);
  assert.equal(log.logEndOffset, 0);
  assert.equal(log.sizeBytes, 0);
  log.close();
});

test('bad config is refused with the field named', () => {
  const dir = tempPartitionDir();
  assert.throws(() => PartitionLog.open(dir, { segmentBytes: 2 ** 31 }), /segmentBytes/);
  assert.throws(() => PartitionLog.open(dir, { retentionMs: -2 }), InvalidLogConfigError);
  assert.throws(() => PartitionLog.open(dir, { flushMessages: 0 }), /flushMessages/);
});

test('a closed log refuses use; delete removes the partition folder', () => {
  const dir = tempPartitionDir();
  const log = PartitionLog.open(dir);
  log.append(makeBatch());
  log.close();
  log.close();
  assert.throws(() => log.append(makeBatch()), LogClosedError);
  assert.throws(() => log.read(0, 100), LogClosedError);

  const again = PartitionLog.open(dir);
  assert.equal(again.logEndOffset, 1);
  again.delete();
  assert.equal(existsSync(dir), false);
  assert.throws(() => again.read(0, 100), LogClosedError);
});
