import assert from 'node:assert/strict';
import { test } from 'node:test';
import { serdes } from '../../../src/stream/serde.js';
import { InMemorySessionStore } from '../../../src/stream/state/session-store.js';

const newStore = () => new InMemorySessionStore<string, number>('s', serdes.json(), serdes.json());

test('sessions of a key stay sorted by start', () => {
  const store = newStore();
  store.put('k', 500, 600, 1);
  store.put('k', 100, 200, 2);
  store.put('j', 0, 0, 3);
  assert.deepEqual(store.sessionsOf('k').map((s) => s.start), [100, 500]);
  assert.equal(store.size, 3);
  assert.deepEqual(store.sessionsOf('none'), []);
});

test('changelog: key is int64 start + key bytes, value is int64 end + value bytes; a merge round-trips', () => {
  const store = newStore();
  const a = store.put('k', 100, 200, 1);
  const b = store.put('k', 250, 300, 1);
  const log = store.drainChanges();
  assert.equal(log[0]!.key.readBigInt64BE(0), 100n);
  assert.equal(log[0]!.value!.readBigInt64BE(0), 200n);
  assert.equal(log[0]!.value!.subarray(8).toString(), '1');
  store.remove(a);
  store.remove(b);
  store.put('k', 100, 300, 2);
  log.push(...store.drainChanges());
  const copy = newStore();
  copy.restore(log);
  assert.deepEqual(copy.sessionsOf('k').map((s) => [s.start, s.end, s.value]), [[100, 300, 2]]);
  assert.equal(copy.size, 1);
});
