import { compareKeys } from '../../key-order.js';
import type { StateKey } from '../../records.js';
import { InMemoryKeyValueStore } from '../../state/key-value-store.js';
import { InMemorySessionStore } from '../../state/session-store.js';
import type { StateStore, StoreKind } from '../../state/state-store.js';
import { InMemoryWindowStore } from '../../state/window-store.js';
import { QueryError } from './query-error.js';

/** One store of one task this instance runs. */
export interface LocalStore {
  readonly partition: number;
  readonly store: StateStore;
}

/**
 * One entry as a query returns it. Window rows carry their window `[start, end)`; session rows
 * the times of the session's first and last records, both inclusive, as Kafka Streams' session
 * stores do (the emitted result's window is `[start, end + gap)`).
 */
export interface Row {
  readonly key: StateKey;
  readonly value: unknown;
  readonly partition: number;
  readonly start?: number;
  readonly end?: number;
}

/** What one query asks: a key's rows, or those of the keys within [from, to] (either bound may be absent); windows by start time. */
export interface StoreQuery {
  readonly key?: StateKey;
  readonly from?: StateKey;
  readonly to?: StateKey;
  readonly timeFrom: number;
  readonly timeTo: number;
}

type Readable = InMemoryKeyValueStore<StateKey, unknown> | InMemoryWindowStore<StateKey, unknown> | InMemorySessionStore<StateKey, unknown>;

/**
 * The stores a query can read. Stream–stream join buffers are left out, as Kafka Streams leaves
 * its join stores out of interactive queries: they hold raw records for a moment, not a result.
 */
function readable(store: StateStore): Readable | undefined {
  if (store instanceof InMemoryKeyValueStore || store instanceof InMemoryWindowStore || store instanceof InMemorySessionStore) {
    return store as Readable;
  }
  return undefined;
}

export function isQueryable(store: StateStore): boolean {
  return readable(store) !== undefined;
}

function rowsOfKey(store: Readable, partition: number, key: StateKey): Row[] {
  if (store instanceof InMemoryKeyValueStore) {
    return store.has(key) ? [{ key, value: store.get(key), partition }] : [];
  }
  if (store instanceof InMemoryWindowStore) {
    const rows: Row[] = [];
    for (const start of store.windowStarts()) {
      const value = store.get(start, key);
      if (value !== undefined) rows.push({ key, value, partition, start, end: start + store.windowSize });
    }
    return rows;
  }
  return store.sessionsOf(key).map((s) => ({ key, value: s.value, partition, start: s.start, end: s.end }));
}

function allRows(store: Readable, partition: number): Row[] {
  const rows: Row[] = [];
  if (store instanceof InMemoryKeyValueStore) {
    for (const [key, value] of store.entries()) rows.push({ key, value, partition });
  } else if (store instanceof InMemoryWindowStore) {
    for (const start of store.windowStarts()) {
      for (const [key, value] of store.entries(start)) rows.push({ key, value, partition, start, end: start + store.windowSize });
    }
  } else {
    for (const s of store.all()) rows.push({ key: s.key, value: s.value, partition, start: s.start, end: s.end });
  }
  return rows;
}

/**
 * Runs a query over one store's instances in this process's tasks, read between two records
 * (the runtime and the query share one thread), so each answer is as of one moment. Rows come
 * in key order, then by window start.
 */
export function queryStore(name: string, stores: readonly LocalStore[], query: StoreQuery): { kind: StoreKind; rows: Row[] } {
  const first = stores[0];
  if (first === undefined) throw new QueryError(404, `this instance runs no task with a store named "${name}"; GET /stores lists the ones it has`);
  const rows: Row[] = [];
  for (const { partition, store } of stores) {
    const r = readable(store);
    if (r === undefined) {
      throw new QueryError(400, `store "${name}" buffers the records of a stream–stream join and cannot be queried; query the stores of the join's results`);
    }
    if (query.key !== undefined) {
      rows.push(...rowsOfKey(r, partition, query.key));
      continue;
    }
    for (const row of allRows(r, partition)) {
      if (query.from !== undefined && compareKeys(row.key, query.from) < 0) continue;
      if (query.to !== undefined && compareKeys(row.key, query.to) > 0) continue;
      rows.push(row);
    }
  }
  const inTime = rows.filter((row) => row.start === undefined || (row.start >= query.timeFrom && row.start <= query.timeTo));
  inTime.sort((a, b) => compareKeys(a.key, b.key) || (a.start ?? 0) - (b.start ?? 0) || a.partition - b.partition);
  return { kind: first.store.kind, rows: inTime };
}
