import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePageBehavior, popularityOf } from '../../../src/apps/popularity/page-behavior-line.js';
import { POPULARITY_DEAD_LETTERS, POPULARITY_OUTPUT, popularityJob, scalaDouble } from '../../../src/apps/popularity/popularity-job.js';
import { TestDriver } from '../../../src/stream/testing/test-driver.js';

test('a page-behaviour line parses into its four fields; anything else is refused with a reason', () => {
  assert.deepEqual(parsePageBehavior('page37|5|1.5119122|-1'), { ok: true, value: { page: 'page37', clicks: 5, stay: 1.5119122, like: -1 } });
  for (const bad of ['page37|5|1.5', 'page37|5|1.5|-1|9', '|5|1.5|1', 'page37|five|1.5|1', 'page37|5||1', 'page37|5|1.5|2']) {
    const parsed = parsePageBehavior(bad);
    assert.ok(!parsed.ok && parsed.reason.length > 0 && parsed.text === bad, bad);
  }
});

test('popularity is 0.8 × clicks + 0.8 × stay + like, each read as a 32-bit float as the seed’s toFloat does', () => {
  assert.equal(popularityOf({ page: 'p', clicks: 5, stay: 1.5, like: -1 }), 4 + 1.2000000000000002 - 1);
  const stay = 1.5119122;
  assert.equal(popularityOf({ page: 'p', clicks: 0, stay, like: 0 }), Math.fround(stay) * 0.8);
  assert.notEqual(Math.fround(stay) * 0.8, stay * 0.8);
});

test('doubles print as Scala prints them', () => {
  assert.deepEqual([42, 4.25, -1, 0, 1e7, 12345678.5, 0.0001].map(scalaDouble), ['42.0', '4.25', '-1.0', '0.0', '1.0E7', '1.23456785E7', '1.0E-4']);
});

test('popularity: every interval the ten best pages, summed over all time, best first, printed as the seed does', () => {
  const printed: string[] = [];
  const job = popularityJob({ print: (lines) => printed.push(lines) });
  const driver = new TestDriver(job.topology);
  const lines = Array.from({ length: 12 }, (_, i) => `page${i}|${i}|0.5|0`);
  driver.pipe('user-behavior-topic', [...lines, 'page3|1|1'].map((value) => ({ value })));
  driver.advanceProcessingTime(2000);
  driver.pipe('user-behavior-topic', [{ value: 'page0|20|0|1' }]);
  driver.advanceProcessingTime(2000);
  const [first, second] = driver.output(POPULARITY_OUTPUT).map((r) => r.value as Array<{ page: string; popularity: number }>);
  assert.deepEqual(first!.map((p) => p.page), ['page11', 'page10', 'page9', 'page8', 'page7', 'page6', 'page5', 'page4', 'page3', 'page2']);
  assert.equal(second![0]!.page, 'page0', 'sums carry over between intervals');
  assert.equal(second![0]!.popularity, popularityOf({ page: 'page0', clicks: 0, stay: 0.5, like: 0 }) + popularityOf({ page: 'page0', clicks: 20, stay: 0, like: 1 }));
  assert.equal(printed.length, 2);
  assert.equal(printed[0]!.split('\n')[0], `(page11,${scalaDouble(first![0]!.popularity)})`);
  assert.deepEqual(driver.output(POPULARITY_DEAD_LETTERS).map((r) => (r.value as { text: string }).text), ['page3|1|1']);
});
