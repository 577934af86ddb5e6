import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { assignOffsets } from '../../../src/broker/log/assign-offsets.js';
import { batchLastOffset } from '../../../src/broker/log/batch-fields.js';
import { batchSizeAt } from '../../../src/protocol/records/batch-header.js';
import { silentLogger } from '../../../src/log.js';
import { segmentPath } from '../../../src/broker/log/segment-files.js';
import { createSegment, recoverActiveSegment } from '../../../src/broker/log/segment-loading.js';
import type { LogSegment } from '../../../src/broker/log/log-segment.js';
import { makeBatch } from './make-batch.js';
import { tempPartitionDir } from './temp-dir.js';

// A failed append (a short write on a full disk, a failed fsync) is undone with mark() and rollBack().
// The failures themselves need a full filesystem (test/broker/disk-full.test.ts); this checks the undoing
// on real files: everything an append changed, in memory and on disk, is as before.

/** Small, so every few batches add an offset and a time index entry. */
const INDEX_INTERVAL = 100;

/** `count` batches of `records` records from `base`, with timestamps from `ts` on. */
function batches(base: number, count: number, ts: number, seed: number, records = 3): Buffer {
  const all = Buffer.concat(Array.from({ length: count }, (_, i) => makeBatch({ records, bodyBytes: 60 + ((seed + i) % 5) * 10, maxTimestamp: ts + i * 10, seed: seed + i })));
  assignOffsets(all, base);
  return all;
}

function files(dir: string): Buffer[] {
  return (['log', 'index', 'timeindex'] as const).map((kind) => readFileSync(segmentPath(dir, 0, kind)));
}

function state(s: LogSegment): unknown {
  return { size: s.size, next: s.nextOffset, maxTimestamp: s.maxTimestamp, rollClock: s.rollClockStart };
}

test('rollBack undoes an append in memory and in all three files, and later appends at the same offsets read right', () => {
  const dir = tempPartitionDir();
  mkdirSync(dir, { recursive: true });
  const segment = createSegment(dir, 0, INDEX_INTERVAL);
  const kept = batches(0, 6, 1_000, 1);
  segment.append(kept, 5_000);
  const before = { files: files(dir), state: state(segment), match: segment.findByTimestamp(1_030) };

  const mark = segment.mark();
  segment.append(batches(18, 8, 2_000, 20), 6_000);
  assert.ok(files(dir).every((f, i) => f.length > before.files[i]!.length), 'the undone append grew every file');
  // Serve from it once, so the recent positions know its batches.
  assert.ok(segment.read(segment.positionOf(30), 1 << 20, true).length > 0);

  segment.rollBack(mark);
  assert.deepEqual(files(dir), before.files, 'the .log, .index and .timeindex are byte for byte as before');
  assert.deepEqual(state(segment), before.state);
  assert.deepEqual(segment.read(0, 1 << 20, true), kept);
  assert.deepEqual(segment.findByTimestamp(1_030), before.match);
  assert.equal(segment.findByTimestamp(1_100), null, 'no timestamp of the undone append is found');

  // Other batch bounds at the same offsets: the undone batch based at 21 must not be remembered, or 21 would be read from its position.
  const next = batches(18, 6, 3_000, 42, 2);
  segment.append(next, 7_000);
  assert.deepEqual(segment.read(segment.positionOf(18), 1 << 20, true), next);
  assert.deepEqual(segment.read(segment.positionOf(21), 1 << 20, true), next.subarray(positionIn(next, 21)));
  segment.close();

  const reopened = recoverActiveSegment(dir, 0, INDEX_INTERVAL, silentLogger);
  assert.equal(reopened.nextOffset, 30);
  assert.deepEqual(reopened.read(0, 1 << 20, true), Buffer.concat([kept, next]));
  reopened.close();
});

test('rollBack after seal() takes back the sealing time index entry, so the segment takes appends again', () => {
  const dir = tempPartitionDir();
  mkdirSync(dir, { recursive: true });
  // No index entry from the appends: the one seal() adds shows.
  const segment = createSegment(dir, 0, 1 << 20);
  segment.append(batches(0, 5, 1_000, 1), 5_000);
  const before = files(dir);
  const mark = segment.mark();
  segment.seal();
  assert.ok(files(dir)[2]!.length > before[2]!.length, 'seal wrote the largest timestamp to the time index');
  segment.rollBack(mark);
  assert.deepEqual(files(dir), before);
  segment.append(batches(15, 2, 1_045, 9), 6_000);
  assert.equal(segment.nextOffset, 21);
  segment.close();
});

/** The byte position in `data` of the batch holding `offset`. */
function positionIn(data: Buffer, offset: number): number {
  let at = 0;
  while (at < data.length && batchLastOffset(data, at) < offset) at += batchSizeAt(data, at);
  return at;
}
