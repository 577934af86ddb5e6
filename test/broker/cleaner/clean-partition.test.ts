import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readCleanerCheckpoint, writeCleanerCheckpoint } from '../../../src/broker/cleaner/cleaner-checkpoint.js';
import type { SegmentInfo } from '../../../src/broker/cleaner/cleaning-plan.js';
import { groupSegments } from '../../../src/broker/cleaner/clean-partition.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../helpers/broker.js';

const seg = (baseOffset: number, nextOffset: number, bytes: number): SegmentInfo => ({ baseOffset, nextOffset, bytes, firstTimestampMs: 0, maxTimestampMs: 0 });

test('segments are grouped in log order while their bytes together fit one segment', () => {
  const segments = [seg(0, 10, 400), seg(10, 20, 500), seg(20, 30, 200), seg(30, 40, 1500), seg(40, 50, 0), seg(50, 60, 100)];
  assert.deepEqual(
    groupSegments(segments, 1000).map((g) => g.map((s) => s.baseOffset)),
    [[0, 10], [20], [30], [40, 50]],
    'a segment larger than the limit stands alone; an empty one joins its neighbour',
  );
});

test('a group never spans more offsets than a segment index can address', () => {
  const wide = [seg(0, 2 ** 30, 10), seg(2 ** 30, 2 ** 31, 10), seg(2 ** 31, 2 ** 31 + 5, 10)];
  assert.deepEqual(groupSegments(wide, 1 << 20).map((g) => g.map((s) => s.baseOffset)), [[0, 2 ** 30], [2 ** 31]]);
});

test('the cleaner checkpoint survives a write and read; a missing or garbled one means never cleaned', () => {
  const dir = tempDir('streamdash-checkpoint-');
  assert.deepEqual(readCleanerCheckpoint(dir), { firstDirtyOffset: 0, tombstonesDueMs: null });
  writeCleanerCheckpoint(dir, { firstDirtyOffset: 1234, tombstonesDueMs: 1_700_000_000_000 });
  assert.deepEqual(readCleanerCheckpoint(dir), { firstDirtyOffset: 1234, tombstonesDueMs: 1_700_000_000_000 });
  writeFileSync(join(dir, 'cleaner-offset-checkpoint'), '{"firstDirtyOff');
  assert.deepEqual(readCleanerCheckpoint(dir), { firstDirtyOffset: 0, tombstonesDueMs: null });
});
