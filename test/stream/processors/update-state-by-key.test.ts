import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StreamBuilder } from '../../../src/stream/dsl/stream-builder.js';
import type { UpdateStateOptions } from '../../../src/stream/dsl/options.js';
import type { Window } from '../../../src/stream/records.js';
import type { KeyValueStore } from '../../../src/stream/state/key-value-store.js';
import { TestDriver } from '../../../src/stream/testing/test-driver.js';

type Update = (values: readonly number[], state: number | undefined) => number | undefined;
const sum: Update = (values, state) => values.reduce((a, b) => a + b, state ?? 0);

/** Values "key:number"; each tick's state of every key goes to `out`, sorted, as "key=state". */
function stateJob(update: Update, options: UpdateStateOptions<string, number, number> = {}): TestDriver {
  const b = new StreamBuilder();
  b.stream('in')
    .mapToPair((v) => {
      const [key, n] = v.split(':');
      return [key!, Number(n)];
    })
    .updateStateByKey(update, options)
    .collect()
    .map((rows) => rows.map(([k, s]) => `${k}=${s}`).join(' '))
    .to('out');
  return new TestDriver(b.build());
}

const ticks = (driver: TestDriver) => driver.output('out').map((r) => `${(r.key as Window).end}: ${String(r.value)}`);
const pipe = (driver: TestDriver, ...values: string[]) => driver.pipe('in', values.map((value) => ({ value })));

test('state accumulates per key and every key is emitted each interval, as in the popularity job', () => {
  const driver = stateJob(sum, { interval: '1s' });
  pipe(driver, 'p1:2', 'p2:1', 'p1:3');
  driver.advanceProcessingTime(1000);
  pipe(driver, 'p2:4');
  driver.advanceProcessingTime(1000);
  driver.advanceProcessingTime(1000);
  assert.deepEqual(ticks(driver), ['1000: p1=5 p2=1', '2000: p1=5 p2=5', '3000: p1=5 p2=5']);
});

test('the update function also runs for keys without new values, with an empty list, as in Spark', () => {
  const calls: Array<[readonly number[], number | undefined]> = [];
  const driver = stateJob((values, state) => {
    calls.push([values, state]);
    return (state ?? 0) + values.length;
  });
  pipe(driver, 'k:1', 'k:1');
  driver.advanceProcessingTime(1000);
  driver.advanceProcessingTime(1000);
  assert.deepEqual(calls, [
    [[1, 1], undefined],
    [[], 2],
  ]);
});

test('returning undefined drops the key from state and from the output', () => {
  const driver = stateJob((values, state) => {
    const next = values.reduce((a, b) => a + b, state ?? 0);
    return next >= 10 ? undefined : next;
  });
  pipe(driver, 'a:4', 'b:1');
  driver.advanceProcessingTime(1000);
  pipe(driver, 'a:6');
  driver.advanceProcessingTime(1000);
  pipe(driver, 'a:1');
  driver.advanceProcessingTime(1000);
  assert.deepEqual(ticks(driver), ['1000: a=4 b=1', '2000: b=1', '3000: a=1 b=1']);
  const store = driver.store<KeyValueStore<string, unknown>>('update-state-by-key-0002-state');
  assert.deepEqual([...store.entries()].map(([k]) => k).sort(), ['a', 'b']);
});

test('a TTL drops keys that received no values for that long, without calling the update function', () => {
  let calls = 0;
  const driver = stateJob(
    (values, state) => {
      calls++;
      return values.reduce((a, b) => a + b, state ?? 0);
    },
    { ttl: '3s' },
  );
  pipe(driver, 'idle:1', 'busy:1');
  driver.advanceProcessingTime(1000);
  for (let i = 0; i < 3; i++) {
    pipe(driver, 'busy:1');
    driver.advanceProcessingTime(1000);
  }
  assert.deepEqual(ticks(driver), ['1000: busy=1 idle=1', '2000: busy=2 idle=1', '3000: busy=3 idle=1', '4000: busy=4']);
  assert.equal(calls, 2 + 2 + 2 + 1, 'idle was updated at 1000, called at 2000 and 3000, dropped at 4000 without a call');
});

test('ticks stop while the state is empty and resume on the next interval boundary', () => {
  const driver = stateJob(sum, { interval: '1s', ttl: '1s' });
  pipe(driver, 'k:1');
  driver.advanceProcessingTime(1000);
  driver.advanceProcessingTime(1000);
  driver.advanceProcessingTime(10_500);
  pipe(driver, 'k:2');
  driver.advanceProcessingTime(500);
  assert.deepEqual(ticks(driver), ['1000: k=1', '13000: k=2']);
});

/** The popularity job from seed 001: messages "page37|5|1.51|-1", popularity 0.8*clicks + 0.8*stay + like. */
function popularityJob(n: number): TestDriver {
  const b = new StreamBuilder();
  b.stream('user-behavior')
    .mapToPair((line) => {
      const [page, clicks, stay, like] = line.split('|');
      return [page!, 0.8 * Number(clicks) + 0.8 * Number(stay) + Number(like)];
    })
    .updateStateByKey<string, number>((values, state) => values.reduce((a, b) => a + b, state ?? 0), { interval: '5s' })
    .topK(n)
    .map((rows) => rows.map(([page, popularity]) => `${page}:${popularity.toFixed(2)}`))
    .to('hot-pages');
  return new TestDriver(b.build());
}

test('topK(n) over keyed state gives the n most popular pages each interval, best first', () => {
  const driver = popularityJob(2);
  driver.pipe('user-behavior', ['page1|1|0.5|1', 'page2|5|1.51|-1', 'page3|1|0|0', 'page1|1|0.5|0'].map((value) => ({ value })));
  driver.advanceProcessingTime(5000);
  driver.pipe('user-behavior', [{ value: 'page3|10|0|1' }]);
  driver.advanceProcessingTime(5000);
  assert.deepEqual(driver.output('hot-pages').map((r) => r.value), [
    ['page2:4.21', 'page1:3.40'],
    ['page3:9.80', 'page2:4.21'],
  ]);
});

test('topK breaks ties by key, so equal scores come out in the same order every time', () => {
  const driver = popularityJob(3);
  driver.pipe('user-behavior', ['pageC|0|0|1', 'pageA|0|0|1', 'pageD|0|0|5', 'pageB|0|0|1'].map((value) => ({ value })));
  driver.advanceProcessingTime(5000);
  assert.deepEqual(driver.output('hot-pages').map((r) => r.value), [['pageD:5.00', 'pageA:1.00', 'pageB:1.00']]);
});
