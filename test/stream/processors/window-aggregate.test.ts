import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StreamBuilder } from '../../../src/stream/dsl/stream-builder.js';
import type { WindowOptions } from '../../../src/stream/dsl/options.js';
import { TopologyError } from '../../../src/stream/errors.js';
import type { Windowed } from '../../../src/stream/records.js';
import { TestDriver } from '../../../src/stream/testing/test-driver.js';
import { hopping, tumbling, type TimeWindows } from '../../../src/stream/windows.js';

/** Counts per key of topic `in`; results as "key@start-end=count" strings. */
function countJob(windows: TimeWindows, options: WindowOptions<string | null, string> = {}): TestDriver {
  const b = new StreamBuilder();
  b.stream('in').window(windows, options).count().toStream().to('out');
  return new TestDriver(b.build());
}

function results(driver: TestDriver, topic = 'out'): string[] {
  return driver.output(topic).map((r) => {
    const w = r.key as Windowed<string>;
    return `${w.key}@${w.start}-${w.end}=${JSON.stringify(r.value)}`;
  });
}

const at = (timestamp: number, key = 'k', value = 'v') => ({ key, value, timestamp });

test('tumbling: a record exactly at a window end belongs to the next window', () => {
  const driver = countJob(tumbling(1000), { time: 'event' });
  driver.pipe('in', [at(0), at(999), at(1000), at(1999), at(2000), at(3000)]);
  assert.deepEqual(results(driver), ['k@0-1000=2', 'k@1000-2000=2', 'k@2000-3000=1']);
  assert.equal(driver.output('out')[0]!.timestamp, 999, 'a result carries the last instant of its window');
});

test('hopping: a record is in every window of size/slide that covers it, and not in one ending at its time', () => {
  const driver = countJob(hopping(3000, 1000), { time: 'event' });
  driver.pipe('in', [at(2500), at(3000)]);
  driver.pipe('in', [at(10_000, 'flush')]);
  assert.deepEqual(
    results(driver).filter((r) => r.startsWith('k@')),
    ['k@0-3000=1', 'k@1000-4000=2', 'k@2000-5000=2', 'k@3000-6000=1'],
  );
});

test('processing time (the default) windows by the injected clock, not by record timestamps', () => {
  const driver = countJob(tumbling('1s'));
  driver.pipe('in', [at(5_000_000), at(-7)]);
  driver.advanceProcessingTime(500);
  driver.pipe('in', [at(0)]);
  driver.advanceProcessingTime(499);
  assert.deepEqual(results(driver), [], 'the window [0, 1000) is open until the clock reaches 1000');
  driver.advanceProcessingTime(1);
  assert.deepEqual(results(driver), ['k@0-1000=3']);
  driver.pipe('in', [at(0)]);
  driver.advanceProcessingTime(1000);
  assert.deepEqual(results(driver), ['k@0-1000=3', 'k@1000-2000=1']);
});

test('event time: the watermark is max event time minus lateness; late records are counted and sent to the side topic', () => {
  const driver = countJob(tumbling(1000), { time: 'event', lateness: 500, late: 'late' });
  driver.pipe('in', [at(1000), at(1400)]);
  driver.pipe('in', [at(900)]);
  assert.deepEqual(results(driver), [], 'watermark 900 has not reached the end of [0, 1000)');
  driver.pipe('in', [at(1600)]);
  assert.deepEqual(results(driver), ['k@0-1000=1']);
  driver.pipe('in', [at(950, 'k', 'too-late'), at(1050, 'k', 'out-of-order')]);
  assert.deepEqual(driver.output('late').map((r) => [r.key, r.value, r.timestamp]), [['k', 'too-late', 950]]);
  assert.equal(driver.metrics().lateRecords, 1);
  driver.pipe('in', [at(2500)]);
  assert.deepEqual(results(driver), ['k@0-1000=1', 'k@1000-2000=4'], 'the out-of-order record counted, the late one did not');
});

test('late records are counted even without a side topic', () => {
  const driver = countJob(tumbling(1000), { time: 'event' });
  driver.pipe('in', [at(1000), at(10)]);
  assert.equal(driver.metrics().lateRecords, 1);
  assert.deepEqual(results(driver), []);
});

test('a hopping record that missed one of its windows is late as a whole, so no result holds part of it', () => {
  const driver = countJob(hopping(2000, 1000), { time: 'event', late: 'late' });
  driver.pipe('in', [at(2000), at(1500)]);
  assert.equal(driver.metrics().lateRecords, 1, 'window [0, 2000) had closed');
  driver.pipe('in', [at(9000)]);
  assert.deepEqual(results(driver), ['k@1000-3000=1', 'k@2000-4000=1']);
});

test("emit 'final' sends one result per key and window, when the window closes", () => {
  const driver = countJob(tumbling(1000));
  driver.pipe('in', [at(0), at(0, 'j')]);
  driver.advanceProcessingTime(300);
  driver.pipe('in', [at(0)]);
  driver.advanceProcessingTime(300);
  assert.deepEqual(results(driver), []);
  driver.advanceProcessingTime(400);
  assert.deepEqual(results(driver).sort(), ['j@0-1000=1', 'k@0-1000=2']);
});

test('emit update sends changed results at most once per interval, and what is left when the window closes', () => {
  const driver = countJob(tumbling(1000), { emit: { update: '500ms' } });
  driver.pipe('in', [at(0), at(0)]);
  driver.advanceProcessingTime(100);
  assert.deepEqual(results(driver), ['k@0-1000=2']);
  driver.pipe('in', [at(0)]);
  driver.advanceProcessingTime(200);
  assert.deepEqual(results(driver), ['k@0-1000=2'], 'throttled: 200 ms since the last update');
  driver.advanceProcessingTime(300);
  assert.deepEqual(results(driver), ['k@0-1000=2', 'k@0-1000=3']);
  driver.advanceProcessingTime(100);
  assert.equal(results(driver).length, 2, 'nothing changed, nothing sent');
  driver.pipe('in', [at(0, 'j')]);
  driver.advanceProcessingTime(300);
  assert.deepEqual(results(driver), ['k@0-1000=2', 'k@0-1000=3', 'j@0-1000=1'], 'the close sends the pending change');
});

test('reduce and aggregate keep typed per-window values', () => {
  const b = new StreamBuilder();
  const windowed = b.stream('in').map((v) => Number(v)).window(tumbling(1000), { time: 'event' });
  windowed.reduce((x, y) => Math.max(x, y)).toStream().to('max');
  windowed
    .aggregate(() => [] as number[], (list, v) => [...list, v])
    .toStream()
    .map((list) => list.join('+'))
    .to('list');
  const driver = new TestDriver(b.build());
  driver.pipe('in', [at(0, 'k', '3'), at(10, 'k', '9'), at(20, 'k', '4'), at(1000, 'k', '1')]);
  assert.deepEqual(driver.output('max').map((r) => r.value), [9]);
  assert.deepEqual(driver.output('list').map((r) => r.value), ['3+9+4']);
});

test('time options are checked when the job is built', () => {
  const b = new StreamBuilder();
  const s = b.stream('in');
  assert.throws(() => s.window(tumbling(1000), { lateness: 100 }).count(), TopologyError);
  assert.throws(() => s.window(tumbling(1000), { late: 'late' }).count(), /time: 'event'/);
});
