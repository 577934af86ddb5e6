import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StreamBuilder, TestDriver, serdes, tumbling } from '../../src/stream/index.js';

// The jobs of docs/stream.md, verbatim, so the guide cannot drift from what compiles and runs.

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

interface Action { item_id: number; action: number } // 0 click, 1 cart, 2 purchase, 3 favourite
interface User { age_range: number; gender: number }

function purchasesByAgeJob() {
  const b = new StreamBuilder();
  const users = b.table('users', { value: serdes.json<User>() });
  b.stream('user_log', { value: serdes.json<Action>() })
    .filter((a) => a.action === 2)
    .leftJoin(users, (_purchase, user) => user?.age_range ?? 0)
    .mapToPair((ageRange) => [ageRange, 1])
    .window(tumbling('1m'))
    .count()
    .toStream()
    .to('purchases-by-age');
  return b.build();
}

function clicksPerMinuteJob() {
  const b = new StreamBuilder();
  b.stream('clicks') // keyed by page
    .window(tumbling('1m', { grace: '10s' }), { time: 'event', late: 'late-clicks' })
    .count()
    .toStream()
    .to('clicks-per-minute'); // [12:00, 12:01) is written once, by the first record at 12:01:10 or later
  return b.build();
}

test('docs: with a 10 s grace, a minute is written once, at 12:01:10, and a click for it after that is late', () => {
  const noon = Date.UTC(2026, 11, 4, 12, 0, 0);
  const driver = new TestDriver(clicksPerMinuteJob());
  const click = (page: string, ms: number) => ({ key: page, value: 'click', timestamp: noon + ms });
  driver.pipe('clicks', [click('home', 5_000), click('home', 61_000), click('home', 59_000), click('cart', 69_999)]);
  assert.deepEqual(driver.output('clicks-per-minute'), [], 'the minute is open until 12:01:10');
  driver.pipe('clicks', [click('cart', 70_000), click('home', 30_000)]);
  assert.deepEqual(driver.output('clicks-per-minute').map((r) => [r.key, r.value]), [[{ key: 'home', start: noon, end: noon + 60_000 }, 2]]);
  assert.deepEqual(driver.output('late-clicks').map((r) => r.timestamp), [noon + 30_000]);
});

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

test('docs: Taobao purchases joined with the users table are counted per age range per minute, unknown users under 0', () => {
  const driver = new TestDriver(purchasesByAgeJob());
  driver.pipe('users', [
    { key: '328862', value: '{"age_range":3,"gender":1}' },
    { key: '234512', value: '{"age_range":5,"gender":0}' },
  ]);
  driver.pipe('user_log', [
    { key: '328862', value: '{"item_id":323294,"action":2}' },
    { key: '328862', value: '{"item_id":844400,"action":0}' },
    { key: '234512', value: '{"item_id":575153,"action":2}' },
    { key: '356311', value: '{"item_id":1016,"action":2}' },
    { key: '328862', value: '{"item_id":323294,"action":2}' },
  ]);
  driver.advanceProcessingTime(60_000);
  assert.deepEqual(driver.output('purchases-by-age').map((r) => [r.key, r.value]), [
    [{ key: 3, start: 0, end: 60_000 }, 2],
    [{ key: 5, start: 0, end: 60_000 }, 1],
    [{ key: 0, start: 0, end: 60_000 }, 1],
  ]);
});
