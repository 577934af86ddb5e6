import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StreamBuilder } from '../../../src/stream/dsl/stream-builder.js';
import type { WindowOptions } from '../../../src/stream/dsl/options.js';
import { TopologyError } from '../../../src/stream/errors.js';
import type { Windowed } from '../../../src/stream/records.js';
import { TestDriver } from '../../../src/stream/testing/test-driver.js';
import { session } from '../../../src/stream/windows.js';

function sessionCounts(options: WindowOptions<string | null, string>): TestDriver {
  const b = new StreamBuilder();
  b.stream('in').window(session(1000), options).count().toStream().to('out');
  return new TestDriver(b.build());
}

function results(driver: TestDriver): string[] {
  return driver.output('out').map((r) => {
    const w = r.key as Windowed<string>;
    return `${w.key}@${w.start}-${w.end}=${String(r.value)}`;
  });
}

const at = (timestamp: number, key = 'k') => ({ key, value: 'v', timestamp });

test('records less than the gap apart form one session, reported as [first, last + gap)', () => {
  const driver = sessionCounts({ time: 'event' });
  driver.pipe('in', [at(0), at(500), at(1400)]);
  driver.pipe('in', [at(2399, 'other')]);
  assert.deepEqual(results(driver), [], 'the session closes when the watermark reaches 1400 + 1000');
  driver.pipe('in', [at(2400, 'other')]);
  assert.deepEqual(results(driver), ['k@0-2400=3']);
});

test('records exactly the gap apart start a new session', () => {
  const driver = sessionCounts({ time: 'event' });
  driver.pipe('in', [at(0), at(1000), at(5000, 'flush')]);
  assert.deepEqual(results(driver), ['k@0-1000=1', 'k@1000-2000=1']);
});

test('a record within the gap of two sessions merges them into one', () => {
  const driver = sessionCounts({ time: 'event', lateness: 5000 });
  driver.pipe('in', [at(0), at(100), at(1800)]);
  driver.pipe('in', [at(900)]);
  driver.pipe('in', [at(20_000, 'flush')]);
  assert.deepEqual(results(driver), ['k@0-2800=4']);
});

test('sessions merge only within one key', () => {
  const driver = sessionCounts({ time: 'event' });
  driver.pipe('in', [at(0, 'a'), at(500, 'b'), at(900, 'a'), at(10_000, 'flush')]);
  assert.deepEqual(results(driver), ['b@500-1500=1', 'a@0-1900=2']);
});

test('a record that would only form an already closed session is late', () => {
  const driver = sessionCounts({ time: 'event', late: 'late' });
  driver.pipe('in', [at(5000), at(3000, 'j')]);
  assert.equal(driver.metrics().lateRecords, 1);
  assert.deepEqual(driver.output('late').map((r) => r.key), ['j']);
  driver.pipe('in', [at(4500)]);
  assert.equal(driver.metrics().lateRecords, 1, 'joining an open session is not late');
});

test('processing-time sessions close when the clock passes last + gap', () => {
  const driver = sessionCounts({});
  driver.pipe('in', [at(0)]);
  driver.advanceProcessingTime(800);
  driver.pipe('in', [at(0)]);
  driver.advanceProcessingTime(999);
  assert.deepEqual(results(driver), []);
  driver.advanceProcessingTime(1);
  assert.deepEqual(results(driver), ['k@0-1800=2']);
});

test('session aggregate merges partial aggregates with the given merger', () => {
  const b = new StreamBuilder();
  b.stream('in')
    .window(session(1000), { time: 'event', lateness: 5000 })
    .aggregate(
      () => '',
      (acc, v) => acc + v,
      (x, y) => `${x}|${y}`,
    )
    .toStream()
    .to('out');
  const driver = new TestDriver(b.build());
  driver.pipe('in', [
    { key: 'k', value: 'a', timestamp: 0 },
    { key: 'k', value: 'b', timestamp: 1500 },
    { key: 'k', value: 'c', timestamp: 700 },
    { key: 'x', value: '-', timestamp: 20_000 },
  ]);
  assert.deepEqual(driver.output('out').map((r) => r.value), ['a|bc']);
});

test("session windows refuse emit update, which could not take back a merged session's earlier result", () => {
  const b = new StreamBuilder();
  assert.throws(() => b.stream('in').window(session(1000), { emit: { update: '1s' } }), TopologyError);
});
