import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rate, sumMetrics } from '../../../src/stream/task/metrics.js';

test('Rate gives per-second rates between samples', () => {
  const rate = new Rate();
  assert.equal(rate.sample(100, 1000), 0, 'no rate before a second sample');
  assert.equal(rate.sample(600, 1500), 1000);
  assert.equal(rate.sample(600, 1500), 1000, 'no time passed: the last rate stands');
  assert.equal(rate.sample(700, 3500), 50);
});

test('sumMetrics adds task snapshots', () => {
  const one = { recordsIn: 1, recordsOut: 2, lateRecords: 3, skippedRecords: 4, duplicatesDropped: 5, stateSize: 6 };
  assert.deepEqual(sumMetrics([one, one]), { recordsIn: 2, recordsOut: 4, lateRecords: 6, skippedRecords: 8, duplicatesDropped: 10, stateSize: 12 });
});
