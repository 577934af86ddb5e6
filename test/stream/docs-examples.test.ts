import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StreamBuilder, TestDriver, tumbling } from '../../src/stream/index.js';

// The two jobs of docs/stream.md, verbatim, so the guide cannot drift from what compiles and runs.

function genderJob() {
  const b = new StreamBuilder();
  b.stream('sex')
    .filter((v) => v === '0' || v === '1' || v === '2')
    .mapToPair((v) => [v, 1])
    .reduceByKeyAndWindow((a, b) => a + b, (a, b) => a - b, '1s', '1s')
    .collect()
    .map((rows) => rows.map(([gender, n]) => ({ [gender]: n })))
    .to('result');
  return b.build();
}

function genderCountJob() {
  const b = new StreamBuilder();
  b.stream('sex')
    .filter((v) => v === '0' || v === '1')
    .keyBy((v) => v)
    .window(tumbling('1s'))
    .count()
    .toStream()
    .to('gender-counts');
  return b.build();
}

function popularityJob() {
  const b = new StreamBuilder();
  b.stream('user-behavior')
    .mapToPair((line) => {
      const [page, clicks, stay, like] = line.split('|');
      return [page!, 0.8 * Number(clicks) + 0.8 * Number(stay) + Number(like)];
    })
    .updateStateByKey((values, state: number | undefined) => values.reduce((a, b) => a + b, state ?? 0), {
      interval: '5s',
      ttl: '1h',
    })
    .topK(10)
    .to('hot-pages');
  return b.build();
}

test('docs: the gender job writes the seed format every second, 0 for quiet genders', () => {
  const driver = new TestDriver(genderJob());
  driver.pipe('sex', ['1', '0', '1', '2', ''].map((value) => ({ value })));
  driver.advanceProcessingTime(1000);
  driver.pipe('sex', [{ value: '1' }]);
  driver.advanceProcessingTime(1000);
  assert.deepEqual(driver.output('result').map((r) => r.value), [
    [{ '0': 1 }, { '1': 2 }, { '2': 1 }],
    [{ '0': 0 }, { '1': 1 }, { '2': 0 }],
  ]);
});

test('docs: the windowed count writes one record per gender and second', () => {
  const driver = new TestDriver(genderCountJob());
  driver.pipe('sex', ['1', '0', '1'].map((value) => ({ value })));
  driver.advanceProcessingTime(1000);
  assert.deepEqual(driver.output('gender-counts').map((r) => [r.key, r.value]), [
    [{ key: '1', start: 0, end: 1000 }, 2],
    [{ key: '0', start: 0, end: 1000 }, 1],
  ]);
});

test('docs: the popularity job ranks pages every interval', () => {
  const driver = new TestDriver(popularityJob());
  driver.pipe('user-behavior', ['page37|5|1.51|-1', 'page2|1|0.5|1', 'page37|1|0|0'].map((value) => ({ value })));
  driver.advanceProcessingTime(5000);
  const [top] = driver.output('hot-pages');
  assert.deepEqual(top!.key, { start: 0, end: 5000 });
  assert.deepEqual(
    (top!.value as Array<[string, number]>).map(([page, p]) => [page, p.toFixed(3)]),
    [['page37', '5.008'], ['page2', '2.200']],
  );
});
