import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StreamBuilder } from '../../../src/stream/dsl/stream-builder.js';
import type { ReduceByKeyAndWindowOptions } from '../../../src/stream/dsl/options.js';
import { TopologyError } from '../../../src/stream/errors.js';
import type { KeyValue, Window } from '../../../src/stream/records.js';
import { TestDriver } from '../../../src/stream/testing/test-driver.js';
import { alignDown } from '../../../src/stream/windows.js';
import { forSeeds, mulberry32, randomInt, seeds } from '../prng.js';

type Options = ReduceByKeyAndWindowOptions<string, number>;

/** Sums numbers per key (the record's value is "key:number") and collects each window's results. */
function sumJob(size: number, slide: number, options: Options = {}): TestDriver {
  const b = new StreamBuilder();
  b.stream('in')
    .mapToPair((v) => {
      const [key, n] = v.split(':');
      return [key!, Number(n)] as const;
    })
    .reduceByKeyAndWindow((a, b) => a + b, (a, b) => a - b, size, slide, options)
    .collect()
    .to('out');
  return new TestDriver(b.build());
}

type Batch = { end: number; rows: Array<[string, number]> };

function batches(driver: TestDriver): Batch[] {
  return driver.output('out').map((r) => ({ end: (r.key as Window).end, rows: r.value as Array<[string, number]> }));
}

test('the gender job: every key seen so far is emitted each second, with 0 for a quiet one', () => {
  const driver = sumJob(1000, 1000);
  driver.pipe('in', ['0:1', '1:1', '1:1'].map((value) => ({ value })));
  driver.advanceProcessingTime(1000);
  driver.pipe('in', [{ value: '1:1' }]);
  driver.advanceProcessingTime(1000);
  driver.advanceProcessingTime(1000);
  assert.deepEqual(batches(driver), [
    { end: 1000, rows: [['0', 1], ['1', 2]] },
    { end: 2000, rows: [['0', 0], ['1', 1]] },
    { end: 3000, rows: [['0', 0], ['1', 0]] },
  ]);
});

test("Spark's filterFunc option drops keys whose value it rejects", () => {
  const driver = sumJob(1000, 1000, { filter: (n) => n !== 0 });
  driver.pipe('in', [{ value: '0:1' }, { value: '1:1' }]);
  driver.advanceProcessingTime(1000);
  driver.pipe('in', [{ value: '1:1' }]);
  driver.advanceProcessingTime(1000);
  driver.pipe('in', [{ value: '0:5' }]);
  driver.advanceProcessingTime(1000);
  assert.deepEqual(batches(driver), [
    { end: 1000, rows: [['0', 1], ['1', 1]] },
    { end: 2000, rows: [['1', 1]] },
    { end: 3000, rows: [['0', 5]] },
  ]);
  assert.equal(driver.store('reduce-by-key-and-window-0002-values').size, 1);
});

test('a sliding window adds the new slide and takes the old one away with the inverse', () => {
  const driver = sumJob(3000, 1000);
  for (const value of ['a:1', 'a:10', 'a:100', 'a:1000']) {
    driver.pipe('in', [{ value }]);
    driver.advanceProcessingTime(1000);
  }
  driver.advanceProcessingTime(3000);
  assert.deepEqual(
    batches(driver).map((b) => [b.end, b.rows[0]![1]]),
    [[1000, 1], [2000, 11], [3000, 111], [4000, 1110], [5000, 1100], [6000, 1000], [7000, 0]],
  );
});

test('in event time a record before the last emitted window end is late', () => {
  const driver = sumJob(2000, 1000, { time: 'event', late: 'late' });
  driver.pipe('in', [
    { value: 'a:1', timestamp: 100 },
    { value: 'a:1', timestamp: 2000 },
    { value: 'a:7', timestamp: 1999 },
  ]);
  assert.deepEqual(batches(driver), [
    { end: 1000, rows: [['a', 1]] },
    { end: 2000, rows: [['a', 1]] },
  ]);
  assert.equal(driver.metrics().lateRecords, 1);
  assert.deepEqual(driver.output('late').map((r) => [r.key, r.value]), [['a', 7]]);
});

test('slides longer than the window are refused', () => {
  const b = new StreamBuilder();
  const pairs = b.stream('in').mapToPair((v) => [v, 1]);
  assert.throws(() => pairs.reduceByKeyAndWindow((x, y) => x + y, (x, y) => x - y, 1000, 2000), TopologyError);
});

interface Timed {
  readonly key: string;
  readonly value: number;
  readonly time: number;
}

/** Every window from scratch: sums over the records in [end - size, end), for the keys the state holds. */
function bruteForce(records: readonly Timed[], size: number, slide: number, lastEnd: number, filtered: boolean): Batch[] {
  const out: Batch[] = [];
  if (records.length === 0) return out;
  const first = alignDown(Math.min(...records.map((r) => r.time)), slide) + slide;
  for (let end = first; end <= lastEnd; end += slide) {
    const sums = new Map<string, number>();
    for (const r of records) {
      if (r.time < end && !filtered && !sums.has(r.key)) sums.set(r.key, 0);
      if (r.time >= end - size && r.time < end) sums.set(r.key, (sums.get(r.key) ?? 0) + r.value);
    }
    const rows = [...sums].sort((a, b) => (a[0] < b[0] ? -1 : 1));
    if (rows.length > 0) out.push({ end, rows });
  }
  return out;
}

function randomWindow(random: () => number): { size: number; slide: number } {
  const unit = [1, 10, 250][randomInt(random, 0, 2)]!;
  const slide = unit * randomInt(random, 1, 4);
  // Mostly sizes that are multiples of the slide, as in Spark; sometimes not, which needs slices of gcd(size, slide).
  const size = random() < 0.7 ? slide * randomInt(random, 1, 5) : slide + unit * randomInt(random, 1, 7);
  return { size, slide };
}

test('property: incremental reduceByKeyAndWindow equals brute-force recomputation (processing time)', () => {
  forSeeds(seeds(25), (seed) => {
    const random = mulberry32(seed);
    const { size, slide } = randomWindow(random);
    const filtered = random() < 0.5;
    const driver = sumJob(size, slide, filtered ? { filter: (n) => n !== 0 } : {});
    const keys = ['a', 'b', 'c', 'd', 'e'].slice(0, randomInt(random, 1, 5));
    const records: Timed[] = [];
    for (let step = 0; step < 60; step++) {
      if (random() < 0.6) {
        const batch = Array.from({ length: randomInt(random, 1, 4) }, () => ({
          key: keys[randomInt(random, 0, keys.length - 1)]!,
          value: filtered ? randomInt(random, 1, 9) : randomInt(random, -9, 9),
        }));
        for (const r of batch) records.push({ ...r, time: driver.now });
        driver.pipe('in', batch.map((r) => ({ value: `${r.key}:${r.value}` })));
      }
      driver.advanceProcessingTime(randomInt(random, 0, 2 * slide));
    }
    driver.advanceProcessingTime(size + slide);
    const lastEnd = alignDown(driver.now, slide);
    assert.deepEqual(batches(driver), bruteForce(records, size, slide, lastEnd, filtered), `size ${size} slide ${slide} filtered ${filtered}`);
  });
});

test('property: incremental reduceByKeyAndWindow equals brute-force recomputation (event time, out of order within lateness)', () => {
  forSeeds(seeds(25, 99), (seed) => {
    const random = mulberry32(seed);
    const { size, slide } = randomWindow(random);
    const jitter = randomInt(random, 0, 3 * slide);
    const driver = sumJob(size, slide, { time: 'event', lateness: jitter });
    const records: Timed[] = [];
    let clock = randomInt(random, 0, 5000);
    for (let i = 0; i < 150; i++) {
      clock += randomInt(random, 0, slide);
      const r = { key: `k${randomInt(random, 0, 3)}`, value: randomInt(random, -5, 5), time: clock - randomInt(random, 0, jitter) };
      records.push(r);
      driver.pipe('in', [{ value: `${r.key}:${r.value}`, timestamp: r.time }]);
    }
    assert.equal(driver.metrics().lateRecords, 0);
    const watermark = Math.max(...records.map((r) => r.time)) - jitter;
    const lastEnd = alignDown(watermark, slide);
    assert.deepEqual(batches(driver), bruteForce(records, size, slide, lastEnd, false), `size ${size} slide ${slide} lateness ${jitter}`);
  });
});

test('results are typed pairs keyed by window', () => {
  const b = new StreamBuilder();
  const table = b
    .stream('in')
    .mapToPair((v) => [v, 1])
    .reduceByKeyAndWindow((x, y) => x + y, (x, y) => x - y, '1s', '1s');
  const rows: KeyValue<string, number>[][] = [];
  table.collect().peek((r) => rows.push(r));
  const driver = new TestDriver(b.build());
  driver.pipe('in', [{ value: 'x' }]);
  driver.advanceProcessingTime(1000);
  assert.deepEqual(rows, [[['x', 1]]]);
});
