import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StateKey } from '../../../src/stream/records.js';
import { QueryError } from '../../../src/stream/runtime/queries/query-error.js';
import { queryStore, type StoreQuery } from '../../../src/stream/runtime/queries/store-queries.js';
import { serdes } from '../../../src/stream/serde.js';
import { JoinWindowStore } from '../../../src/stream/state/join-window-store.js';
import { InMemoryKeyValueStore } from '../../../src/stream/state/key-value-store.js';
import { InMemorySessionStore } from '../../../src/stream/state/session-store.js';
import { InMemoryWindowStore } from '../../../src/stream/state/window-store.js';

const everything: StoreQuery = { timeFrom: Number.MIN_SAFE_INTEGER, timeTo: Number.MAX_SAFE_INTEGER };

test('key-value rows of two partitions merge in key order: null, booleans, numbers, strings', () => {
  const p0 = new InMemoryKeyValueStore<StateKey, string>('s', serdes.json(), serdes.json());
  const p1 = new InMemoryKeyValueStore<StateKey, string>('s', serdes.json(), serdes.json());
  p0.put('b', 'B');
  p0.put(10, 'ten');
  p1.put(null, 'nothing');
  p1.put('a', 'A');
  p1.put(true, 'yes');
  p1.put(2, 'two');
  const stores = [
    { partition: 0, store: p0 },
    { partition: 1, store: p1 },
  ];
  const keys = (query: StoreQuery) => queryStore('s', stores, query).rows.map((r) => `${JSON.stringify(r.key)}@${r.partition}=${String(r.value)}`);
  assert.deepEqual(keys(everything), ['null@1=nothing', 'true@1=yes', '2@1=two', '10@0=ten', '"a"@1=A', '"b"@0=B']);
  assert.deepEqual(keys({ ...everything, from: 2, to: 'a' }), ['2@1=two', '10@0=ten', '"a"@1=A']);
  assert.deepEqual(keys({ ...everything, key: 10 }), ['10@0=ten']);
  assert.deepEqual(keys({ ...everything, key: '10' }), [], 'the text "10" is another key than the number 10');
});

test('window rows carry [start, start + size); session rows the first and last record times; timeFrom/timeTo bound the start', () => {
  const windows = new InMemoryWindowStore<StateKey, number>('w', serdes.json(), serdes.json(), 1000);
  windows.put(2000, 'k', 3);
  windows.put(0, 'k', 1);
  windows.put(1000, 'j', 7);
  assert.deepEqual(queryStore('w', [{ partition: 0, store: windows }], { ...everything, key: 'k' }).rows, [
    { key: 'k', value: 1, partition: 0, start: 0, end: 1000 },
    { key: 'k', value: 3, partition: 0, start: 2000, end: 3000 },
  ]);
  assert.deepEqual(queryStore('w', [{ partition: 0, store: windows }], { timeFrom: 1000, timeTo: 2000 }).rows.map((r) => `${String(r.key)}@${r.start}`), ['j@1000', 'k@2000']);
  const sessions = new InMemorySessionStore<StateKey, number>('s', serdes.json(), serdes.json());
  sessions.put('k', 100, 400, 2);
  assert.deepEqual(queryStore('s', [{ partition: 3, store: sessions }], { ...everything, key: 'k' }), {
    kind: 'session',
    rows: [{ key: 'k', value: 2, partition: 3, start: 100, end: 400 }],
  });
});

test('a join buffer and a store this instance lacks are refused, saying what to query instead', () => {
  const buffer = new JoinWindowStore<StateKey, string>('j-left-store', serdes.json(), serdes.json());
  assert.throws(
    () => queryStore('j-left-store', [{ partition: 0, store: buffer }], everything),
    (e: unknown) => e instanceof QueryError && e.status === 400 && /stream–stream join/.test(e.message),
  );
  assert.throws(
    () => queryStore('nope', [], everything),
    (e: unknown) => e instanceof QueryError && e.status === 404 && /GET \/stores lists/.test(e.message),
  );
});
