import type { Serde } from '../serde.js';
import { listSerde } from './composite-serdes.js';
import type { StateStore, StoreChange } from './state-store.js';
import { InMemoryWindowStore } from './window-store.js';

/**
 * One side of a stream–stream join: the values seen per (timestamp, key), with an index from
 * key to its timestamps so a lookup reads only that key's records. Its changelog is a window
 * store's (int64 timestamp, key bytes) holding the list of values, so it restores like one.
 */
export class JoinWindowStore<K, V> implements StateStore {
  readonly kind = 'window' as const;
  private readonly store: InMemoryWindowStore<K, V[]>;
  private readonly times = new Map<K, number[]>();

  constructor(name: string, keySerde: Serde<K>, valueSerde: Serde<V>) {
    // Each entry is the records of one instant.
    this.store = new InMemoryWindowStore(name, keySerde, listSerde(valueSerde), 1);
  }

  get name(): string {
    return this.store.name;
  }

  get size(): number {
    return this.store.size;
  }

  add(time: number, key: K, value: V): void {
    const values = this.store.get(time, key);
    if (values === undefined) {
      this.store.put(time, key, [value]);
      this.index(time, key);
    } else {
      this.store.put(time, key, [...values, value]);
    }
  }

  /** The key's records with from <= timestamp <= to, oldest first. */
  fetch(key: K, from: number, to: number): Array<readonly [number, readonly V[]]> {
    const out: Array<readonly [number, readonly V[]]> = [];
    for (const time of this.times.get(key) ?? []) {
      if (time < from || time > to) continue;
      const values = this.store.get(time, key);
      if (values !== undefined) out.push([time, values]);
    }
    return out.sort((a, b) => a[0] - b[0]);
  }

  delete(time: number, key: K): void {
    this.store.delete(time, key);
    this.unindex(time, key);
  }

  /** Timestamps held, ascending. */
  timestamps(): number[] {
    return this.store.windowStarts();
  }

  entriesAt(time: number): IterableIterator<[K, V[]]> {
    return this.store.entries(time);
  }

  /** Drops every record with a timestamp at or before `time`. */
  expireThrough(time: number): void {
    for (const start of this.store.windowStarts()) {
      if (start > time) return;
      for (const [key] of this.store.entries(start)) this.unindex(start, key);
      this.store.deleteWindow(start);
    }
  }

  private index(time: number, key: K): void {
    const list = this.times.get(key);
    if (list === undefined) this.times.set(key, [time]);
    else list.push(time);
  }

  private unindex(time: number, key: K): void {
    const list = this.times.get(key);
    if (list === undefined) return;
    const at = list.indexOf(time);
    if (at >= 0) list.splice(at, 1);
    if (list.length === 0) this.times.delete(key);
  }

  drainChanges(): StoreChange[] {
    return this.store.drainChanges();
  }

  snapshot(): StoreChange[] {
    return this.store.snapshot();
  }

  restore(changes: Iterable<StoreChange>): void {
    this.store.restore(changes);
    this.times.clear();
    for (const start of this.store.windowStarts()) for (const [key] of this.store.entries(start)) this.index(start, key);
  }

  clear(): void {
    this.store.clear();
    this.times.clear();
  }
}
