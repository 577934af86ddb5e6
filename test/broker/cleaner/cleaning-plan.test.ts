import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cleanerSettings } from '../../../src/broker/cleaner/cleaner-settings.js';
import { planCleaning, tombstonesExpired, type SegmentInfo } from '../../../src/broker/cleaner/cleaning-plan.js';

const NOW = 1_700_000_000_000;
const MINUTE = 60_000;

/** Four closed segments of 100 offsets and 1000 bytes, the last written `ageOfLast` ago, each a minute older before it. */
function segments(ageOfLast = 10 * MINUTE): SegmentInfo[] {
  return [0, 1, 2, 3].map((i) => ({
    baseOffset: i * 100,
    nextOffset: (i + 1) * 100,
    bytes: 1000,
    firstTimestampMs: NOW - ageOfLast - (4 - i) * MINUTE,
    maxTimestampMs: NOW - ageOfLast - (3 - i) * MINUTE,
  }));
}

test('the defaults are Kafka 4.4 ones: no lag, no maximum, ratio 0.5, tombstones kept a day', () => {
  assert.deepEqual(cleanerSettings({}), { minCompactionLagMs: 0, maxCompactionLagMs: Number.POSITIVE_INFINITY, minCleanableDirtyRatio: 0.5, deleteRetentionMs: 86_400_000 });
  assert.equal(cleanerSettings({ 'min.cleanable.dirty.ratio': '0.01' }).minCleanableDirtyRatio, 0.01);
});

test('min.cleanable.dirty.ratio: a log is cleaned once its dirty part is that share of the cleanable bytes', () => {
  const s = cleanerSettings({});
  const never = planCleaning(segments(), 0, s, NOW);
  assert.equal(never?.reason, 'dirty-ratio', 'a never-cleaned log is all dirt');
  assert.deepEqual([never!.firstDirtyOffset, never!.firstUncleanableOffset, never!.dirtyRatio], [0, 400, 1]);
  assert.equal(planCleaning(segments(), 200, s, NOW)?.dirtyRatio, 0.5, 'half dirty is due at 0.5');
  assert.equal(planCleaning(segments(), 300, s, NOW), null, 'a quarter is not');
  assert.equal(planCleaning(segments(), 400, s, NOW), null, 'nothing dirty');
  assert.equal(planCleaning(segments(), 300, cleanerSettings({ 'min.cleanable.dirty.ratio': '0.2' }), NOW)?.firstDirtyOffset, 300);
});

test('min.compaction.lag.ms holds back young segments and everything after them', () => {
  const s = cleanerSettings({ 'min.compaction.lag.ms': String(12 * MINUTE) });
  const plan = planCleaning(segments(), 0, s, NOW);
  assert.deepEqual(plan!.segments.map((x) => x.baseOffset), [0, 100], 'segments with a record younger than 12 minutes wait');
  assert.equal(plan!.firstUncleanableOffset, 200);
  assert.equal(planCleaning(segments(), 0, cleanerSettings({ 'min.compaction.lag.ms': String(60 * MINUTE) }), NOW), null);
});

test('max.compaction.lag.ms forces a clean below the dirty ratio once the oldest dirty record waited that long', () => {
  assert.equal(planCleaning(segments(), 300, cleanerSettings({ 'max.compaction.lag.ms': String(20 * MINUTE) }), NOW), null, 'the oldest dirty record is 11 minutes old');
  const forced = planCleaning(segments(), 300, cleanerSettings({ 'max.compaction.lag.ms': String(5 * MINUTE) }), NOW);
  assert.equal(forced?.reason, 'max-lag');
  assert.equal(forced.dirtyRatio, 0.25);
});

test('tombstones go once every record of their segment is older than delete.retention.ms', () => {
  const [oldest] = segments();
  assert.equal(tombstonesExpired(oldest!, cleanerSettings({ 'delete.retention.ms': String(20 * MINUTE) }), NOW), false);
  assert.equal(tombstonesExpired(oldest!, cleanerSettings({ 'delete.retention.ms': String(5 * MINUTE) }), NOW), true);
});

test('kept tombstones whose delete.retention.ms has passed make a clean log due again', () => {
  const s = cleanerSettings({});
  assert.equal(planCleaning(segments(), 400, s, NOW, NOW + 1), null, 'not yet');
  const plan = planCleaning(segments(), 400, s, NOW, NOW);
  assert.equal(plan?.reason, 'tombstones');
  assert.deepEqual([plan.firstDirtyOffset, plan.firstUncleanableOffset, plan.segments.length], [400, 400, 4], 'every cleanable segment is rewritten, with nothing dirty to map');
  assert.equal(planCleaning(segments(), 400, cleanerSettings({ 'min.compaction.lag.ms': String(60 * MINUTE) }), NOW, NOW), null, 'young segments still wait');
});
