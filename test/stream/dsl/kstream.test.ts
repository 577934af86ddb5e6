import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StreamBuilder } from '../../../src/stream/dsl/stream-builder.js';
import { TopologyError } from '../../../src/stream/errors.js';
import { serdes } from '../../../src/stream/serde.js';
import { TestDriver } from '../../../src/stream/testing/test-driver.js';
import { tumbling } from '../../../src/stream/windows.js';

const values = (driver: TestDriver, topic: string) => driver.output(topic).map((r) => r.value);
const keyed = (driver: TestDriver, topic: string) => driver.output(topic).map((r) => [r.key, r.value]);

test('filter, map, flatMap and peek chain with value first, key second', () => {
  const b = new StreamBuilder();
  const peeked: Array<[string, string | null, string]> = [];
  b.stream('lines')
    .filter((v) => v !== '')
    .flatMap((line) => line.split(' '))
    .peek((word, key, record) => peeked.push([word, key, `${record.topic}/${record.partition}@${record.offset}`]))
    .map((word, key) => `${key}:${word.toUpperCase()}`)
    .to('words', { value: serdes.string });
  const driver = new TestDriver(b.build());
  driver.pipe('lines', [{ key: 'u1', value: 'a b' }, { value: '' }, { value: 'c' }]);
  assert.deepEqual(values(driver, 'words'), ['u1:A', 'u1:B', 'null:C']);
  assert.deepEqual(peeked, [['a', 'u1', 'lines/0@0'], ['b', 'u1', 'lines/0@0'], ['c', null, 'lines/0@2']]);
});

test('a type-guard filter narrows the value type', () => {
  const b = new StreamBuilder();
  const numbers = b
    .stream('in', { value: serdes.json<number | string>() })
    .filter((v): v is number => typeof v === 'number')
    .map((n) => n * 2);
  numbers.to('out');
  const driver = new TestDriver(b.build());
  driver.pipe('in', [{ value: '21' }, { value: '"x"' }]);
  assert.deepEqual(values(driver, 'out'), [42]);
});

test('keyBy and mapToPair set the key; map keeps it', () => {
  const b = new StreamBuilder();
  const s = b.stream('in');
  s.keyBy((v) => v.length).to('by-length');
  s.selectKey((v) => v[0] ?? '').to('by-initial');
  s.mapToPair((v) => [v, 1]).to('pairs');
  s.map((v) => v + '!').to('same-key');
  const driver = new TestDriver(b.build());
  driver.pipe('in', [{ key: 'k', value: 'abc' }]);
  assert.deepEqual(keyed(driver, 'by-length'), [[3, 'abc']]);
  assert.deepEqual(keyed(driver, 'by-initial'), [['a', 'abc']]);
  assert.deepEqual(keyed(driver, 'pairs'), [['abc', 1]]);
  assert.deepEqual(keyed(driver, 'same-key'), [['k', 'abc!']]);
});

test('branch sends each record to the first matching branch only, and drops records no branch takes', () => {
  const b = new StreamBuilder();
  const [girls, boys, unknown] = b.stream('sex').branch(
    (v) => v === '0',
    (v) => v === '1',
    (v) => v === '0' || v === '1' || v === '2',
  );
  girls.to('girls');
  boys.to('boys');
  unknown.to('unknown');
  const driver = new TestDriver(b.build());
  driver.pipe('sex', ['0', '1', '2', 'x', '0'].map((value) => ({ value })));
  assert.deepEqual(values(driver, 'girls'), ['0', '0']);
  assert.deepEqual(values(driver, 'boys'), ['1']);
  assert.deepEqual(values(driver, 'unknown'), ['2']);
});

test('merge joins two streams into one, and stream() of several topics merges them', () => {
  const b = new StreamBuilder();
  const a = b.stream('a');
  const c = b.stream(['c', 'd']);
  a.merge(c).to('all');
  const driver = new TestDriver(b.build());
  driver.pipe('a', [{ value: '1' }]);
  driver.pipe('d', [{ value: '2' }]);
  driver.pipe('c', [{ value: '3' }]);
  assert.deepEqual(values(driver, 'all'), ['1', '2', '3']);
});

test('results emitted because time moved carry no input position', () => {
  const b = new StreamBuilder();
  const seen: string[] = [];
  b.stream('in')
    .window(tumbling(1000))
    .count()
    .toStream()
    .peek((_n, _k, record) => seen.push(`${record.topic}@${record.offset}`));
  const driver = new TestDriver(b.build());
  driver.pipe('in', [{ key: 'k', value: 'v' }]);
  driver.advanceProcessingTime(1000);
  assert.deepEqual(seen, ['@-1']);
});

test('withTimestamps sets the event time windows use', () => {
  const b = new StreamBuilder();
  b.stream('in', { value: serdes.json<{ at: number }>() })
    .withTimestamps((v) => v.at)
    .keyBy(() => 'all')
    .window(tumbling(1000), { time: 'event' })
    .count()
    .toStream()
    .to('out');
  const driver = new TestDriver(b.build());
  driver.pipe('in', [0, 1500, 900, 2100].map((at) => ({ value: JSON.stringify({ at }), timestamp: 99_999 })));
  assert.deepEqual(driver.output('out').map((r) => [r.key, r.value]), [
    [{ key: 'all', start: 0, end: 1000 }, 1],
    [{ key: 'all', start: 1000, end: 2000 }, 1],
  ]);
  assert.equal(driver.metrics().lateRecords, 1);
});

test('null values (tombstones) in input topics are skipped and counted', () => {
  const b = new StreamBuilder();
  b.stream('in').to('out');
  const driver = new TestDriver(b.build());
  driver.pipe('in', [{ key: 'k', value: null }, { value: 'v' }]);
  assert.deepEqual(values(driver, 'out'), ['v']);
  assert.equal(driver.metrics().skippedRecords, 1);
});

test('misuse is reported when the job is built', () => {
  const b = new StreamBuilder();
  const s = b.stream('in');
  assert.throws(() => b.stream('in'), /read twice/);
  assert.throws(() => s.branch(), TopologyError);
  assert.throws(() => s.merge(new StreamBuilder().stream('x')), /same builder/);
  s.keyBy((v) => v).window(tumbling(1000), { name: 'counts' }).count();
  assert.throws(() => s.keyBy((v) => v).window(tumbling(1000), { name: 'counts' }).count(), /named "counts"/);
  b.build();
  assert.throws(() => s.to('late-addition'), /new StreamBuilder/);
});

test('keyed state takes keys that compare by value; object keys are a compile error', () => {
  const b = new StreamBuilder();
  const s = b.stream('in');
  s.keyBy((v) => v.length).window(tumbling(1000), { time: 'event' }).count().toStream().to('by-length');
  const byObject = s.keyBy((v) => ({ v }));
  // Never called: tsc checks these lines, and the build fails if they stop being errors.
  const misuse = () => {
    // @ts-expect-error Windowing needs StateKey keys (string, number, boolean, null).
    byObject.window(tumbling(1000));
    // @ts-expect-error updateStateByKey needs StateKey keys too.
    byObject.updateStateByKey((vs: readonly string[]) => vs.length);
  };
  void misuse;
  const driver = new TestDriver(b.build());
  driver.pipe('in', [{ value: 'ab', timestamp: 0 }, { value: 'cd', timestamp: 10 }, { value: 'x', timestamp: 1000 }]);
  assert.deepEqual(keyed(driver, 'by-length'), [[{ key: 2, start: 0, end: 1000 }, 2]]);
});
