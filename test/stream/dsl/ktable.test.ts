import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StreamBuilder } from '../../../src/stream/dsl/stream-builder.js';
import { serdes } from '../../../src/stream/serde.js';
import type { KeyValueStore } from '../../../src/stream/state/key-value-store.js';
import { TestDriver } from '../../../src/stream/testing/test-driver.js';
import { forSeeds, mulberry32, randomInt } from '../prng.js';

const changes = (driver: TestDriver, topic: string) => driver.output(topic).map((r) => [r.key, r.value]);

test('table() keeps the latest value per key; a tombstone deletes a key it had, keyless records are dropped', () => {
  const b = new StreamBuilder();
  b.table('users', { value: serdes.json<{ age: number }>() }).toStream().to('changes');
  const driver = new TestDriver(b.build());
  driver.pipe('users', [
    { key: 'u1', value: '{"age":20}' },
    { key: 'u2', value: '{"age":30}' },
    { key: 'u1', value: '{"age":21}' },
    { key: 'u2', value: null },
    { key: 'u3', value: null },
    { value: '{"age":99}' },
  ]);
  assert.deepEqual(changes(driver, 'changes'), [['u1', { age: 20 }], ['u2', { age: 30 }], ['u1', { age: 21 }], ['u2', null]]);
  assert.deepEqual(driver.output('changes').at(-1)!.value, null);
});

test('filter and mapValues on a table: a rejected row is forwarded as a deletion, deletions stay deletions', () => {
  const b = new StreamBuilder();
  b.table('ages', { value: serdes.json<number>() })
    .filter((age) => age >= 18)
    .mapValues((age) => `${Math.floor(age / 10) * 10}s`)
    .toStream()
    .to('adults');
  const driver = new TestDriver(b.build());
  driver.pipe('ages', [{ key: 'a', value: '25' }, { key: 'a', value: '12' }, { key: 'b', value: '40' }, { key: 'b', value: null }]);
  assert.deepEqual(changes(driver, 'adults'), [['a', '20s'], ['a', null], ['b', '40s'], ['b', null]]);
});

test('toTable() after keyBy reads through a repartition topic and keeps the latest value per new key', () => {
  const b = new StreamBuilder();
  b.stream('clicks')
    .keyBy((v) => v.split(':')[0]!)
    .toTable({ name: 'last-click' })
    .toStream()
    .to('last');
  const driver = new TestDriver(b.build(), { partitions: { clicks: 3 } });
  driver.pipe('clicks', [{ key: 'x', value: 'p1:a' }, { key: 'y', value: 'p2:b' }, { key: 'z', value: 'p1:c' }]);
  assert.deepEqual(driver.outputTable('last'), new Map([['"p1"', 'p1:c'], ['"p2"', 'p2:b']]));
});

test('a table survives a crash: its store is restored from the changelog and the input replayed from the checkpoint', () => {
  const b = new StreamBuilder();
  b.table('users', { name: 'users' }).toStream().to('out');
  const driver = new TestDriver(b.build());
  driver.pipe('users', [{ key: 'u1', value: 'a' }, { key: 'u2', value: 'b' }]);
  driver.checkpoint();
  driver.pipe('users', [{ key: 'u1', value: null }]);
  driver.crashAndRestart();
  driver.pipe('users', [{ key: 'u2', value: null }]);
  const store = driver.store('users-store') as KeyValueStore<string, string>;
  assert.equal(store.kind, 'key-value');
  assert.deepEqual([...store.entries()], []);
  assert.deepEqual(changes(driver, 'out').slice(-2), [['u1', null], ['u2', null]]);
});

test('property: the table equals the last non-tombstone value per key, computed by brute force', () => {
  forSeeds([1, 2, 3, 4, 5, 6, 7, 8], (seed) => {
    const random = mulberry32(seed);
    const b = new StreamBuilder();
    b.table('t', { value: serdes.json<number>() }).filter((v) => v % 3 !== 0).toStream().to('out');
    const driver = new TestDriver(b.build(), { partitions: { t: 2 } });
    const expected = new Map<string, number>();
    const records = Array.from({ length: 200 }, () => {
      const key = `k${randomInt(random, 0, 9)}`;
      const value = random() < 0.25 ? null : randomInt(random, 0, 50);
      if (value === null || value % 3 === 0) expected.delete(key);
      else expected.set(key, value);
      return { key, value: value === null ? null : String(value) };
    });
    driver.pipe('t', records);
    const final = new Map<string, number>();
    for (const [key, value] of driver.outputTable('out')) if (value !== null) final.set(JSON.parse(key) as string, value as number);
    assert.deepEqual(final, expected);
  });
});
