import assert from 'node:assert/strict';
import { test } from 'node:test';
import { serdes } from '../../../src/stream/serde.js';
import { InMemoryWindowStore } from '../../../src/stream/state/window-store.js';

const newStore = () => new InMemoryWindowStore<string, number>('w', serdes.json(), serdes.json(), 1000);

test('values are kept per window start and key', () => {
  const store = newStore();
  store.put(1000, 'a', 1);
  store.put(0, 'a', 2);
  store.put(1000, 'b', 3);
  assert.equal(store.get(1000, 'a'), 1);
  assert.equal(store.get(0, 'a'), 2);
  assert.equal(store.get(0, 'b'), undefined);
  assert.deepEqual(store.windowStarts(), [0, 1000]);
  assert.deepEqual([...store.entries(1000)], [['a', 1], ['b', 3]]);
  assert.equal(store.size, 3);
});

test('the changelog key is the int64 BE window start followed by the key bytes', () => {
  const store = newStore();
  store.put(1_700_000_000_000, 'k', 7);
  const [change] = store.drainChanges();
  assert.equal(change!.key.readBigInt64BE(0), 1_700_000_000_000n);
  assert.equal(change!.key.subarray(8).toString(), '"k"');
  assert.equal(change!.value!.toString(), '7');
});

test('dropping a window tombstones only entries the changelog already holds', () => {
  const store = newStore();
  store.put(0, 'old', 1);
  store.drainChanges();
  store.put(0, 'new', 2);
  store.deleteWindow(0);
  const changes = store.drainChanges();
  assert.equal(changes.length, 1);
  assert.equal(changes[0]!.key.subarray(8).toString(), '"old"');
  assert.equal(changes[0]!.value, null);
  assert.equal(store.size, 0);
  assert.equal(store.get(0, 'old'), undefined);
});

test('drained changes restore into an equal store', () => {
  const store = newStore();
  const log = [];
  store.put(0, 'a', 1);
  store.put(1000, 'a', 2);
  log.push(...store.drainChanges());
  store.deleteWindow(0);
  store.put(1000, 'a', 5);
  store.put(2000, 'b', 6);
  log.push(...store.drainChanges());
  const copy = newStore();
  copy.restore(log);
  assert.deepEqual(copy.windowStarts(), [1000, 2000]);
  assert.equal(copy.get(1000, 'a'), 5);
  assert.equal(copy.get(2000, 'b'), 6);
  assert.equal(copy.size, 2);
});
