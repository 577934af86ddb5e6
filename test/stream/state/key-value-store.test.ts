import assert from 'node:assert/strict';
import { test } from 'node:test';
import { serdes } from '../../../src/stream/serde.js';
import { InMemoryKeyValueStore } from '../../../src/stream/state/key-value-store.js';
import type { StoreChange } from '../../../src/stream/state/state-store.js';

const newStore = () => new InMemoryKeyValueStore<string, number>('counts', serdes.json(), serdes.json());
const text = (changes: StoreChange[]) => changes.map((c) => [c.key.toString(), c.value === null ? null : c.value.toString()]);

test('drainChanges lists each changed key once with its latest value, then starts over', () => {
  const store = newStore();
  store.put('a', 1);
  store.put('b', 2);
  store.put('a', 3);
  assert.deepEqual(text(store.drainChanges()), [['"a"', '3'], ['"b"', '2']]);
  assert.deepEqual(store.drainChanges(), []);
  store.put('b', 5);
  assert.deepEqual(text(store.drainChanges()), [['"b"', '5']]);
});

test('deleting a key the changelog holds writes a tombstone; one it never held writes nothing', () => {
  const store = newStore();
  store.put('kept', 1);
  store.drainChanges();
  store.delete('kept');
  store.put('fleeting', 2);
  store.delete('fleeting');
  assert.deepEqual(text(store.drainChanges()), [['"kept"', null]]);
  assert.equal(store.size, 0);
});

test('delete then put again in one interval writes the tombstone before the new value', () => {
  const store = newStore();
  store.put('k', 1);
  store.drainChanges();
  store.delete('k');
  store.put('k', 2);
  const changes = store.drainChanges();
  assert.deepEqual(text(changes), [['"k"', null], ['"k"', '2']]);
  const copy = newStore();
  copy.restore(changes);
  assert.equal(copy.get('k'), 2);
});

test('restoring the drained changes rebuilds the same contents, and restored keys need tombstones later', () => {
  const store = newStore();
  const log: StoreChange[] = [];
  store.put('x', 1);
  store.put('y', 2);
  log.push(...store.drainChanges());
  store.put('x', 10);
  store.delete('y');
  store.put('z', 3);
  log.push(...store.drainChanges());

  const copy = newStore();
  copy.restore(log);
  assert.deepEqual([...copy.entries()], [...store.entries()]);
  copy.delete('x');
  assert.deepEqual(text(copy.drainChanges()), [['"x"', null]]);
});

test('snapshot lists every live entry and resets the change list', () => {
  const store = newStore();
  store.put('a', 1);
  store.put('b', 2);
  store.delete('a');
  assert.deepEqual(text(store.snapshot()), [['"b"', '2']]);
  assert.deepEqual(store.drainChanges(), []);
});
