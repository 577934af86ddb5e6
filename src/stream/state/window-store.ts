import type { Serde } from '../serde.js';
import { ChangeList, TrackedEntry, readInt64, writeInt64, type StateStore, type StoreChange } from './state-store.js';

/** Values per (window start, key), grouped by window so a closing window is read and dropped in one go. */
export interface WindowStore<K, V> extends StateStore {
  readonly kind: 'window';
  /** How long each window is, so a reader of the store (interactive queries) can tell a window's end from its start. */
  readonly windowSize: number;
  get(start: number, key: K): V | undefined;
  put(start: number, key: K, value: V): void;
  /** Open window starts, ascending. */
  windowStarts(): number[];
  /** The entries of one window in insertion order. */
  entries(start: number): IterableIterator<[K, V]>;
  deleteWindow(start: number): void;
  /** Removes one entry; the changelog gets a tombstone for it. */
  delete(start: number, key: K): void;
}

class WindowEntry<K, V> extends TrackedEntry {
  constructor(
    readonly start: number,
    readonly key: K,
    public value: V,
  ) {
    super();
  }
}

type Bucket<K, V> = Map<K, WindowEntry<K, V>>;

/** Changelog key: int64 BE window start, then the key's bytes. Value: the value's bytes. */
export class InMemoryWindowStore<K, V> implements WindowStore<K, V> {
  readonly kind = 'window' as const;
  private readonly windows = new Map<number, Bucket<K, V>>();
  private readonly changes = new ChangeList<WindowEntry<K, V>>();
  private entryCount = 0;
  // Records arrive mostly in the same window as the one before, so the last bucket is kept at hand.
  private lastStart = Number.NaN;
  private lastBucket: Bucket<K, V> | undefined;

  constructor(
    readonly name: string,
    private readonly keySerde: Serde<K>,
    private readonly valueSerde: Serde<V>,
    readonly windowSize: number,
  ) {}

  get size(): number {
    return this.entryCount;
  }

  private bucket(start: number): Bucket<K, V> | undefined {
    if (start !== this.lastStart) {
      this.lastStart = start;
      this.lastBucket = this.windows.get(start);
    }
    return this.lastBucket;
  }

  get(start: number, key: K): V | undefined {
    return this.bucket(start)?.get(key)?.value;
  }

  put(start: number, key: K, value: V): void {
    let bucket = this.bucket(start);
    if (bucket === undefined) {
      bucket = new Map();
      this.windows.set(start, bucket);
      this.lastBucket = bucket;
    }
    let entry = bucket.get(key);
    if (entry === undefined) {
      entry = new WindowEntry(start, key, value);
      bucket.set(key, entry);
      this.entryCount++;
    } else {
      entry.value = value;
    }
    this.changes.touch(entry);
  }

  windowStarts(): number[] {
    return [...this.windows.keys()].sort((a, b) => a - b);
  }

  *entries(start: number): IterableIterator<[K, V]> {
    const bucket = this.windows.get(start);
    if (bucket === undefined) return;
    for (const entry of bucket.values()) yield [entry.key, entry.value];
  }

  deleteWindow(start: number): void {
    const bucket = this.windows.get(start);
    if (bucket === undefined) return;
    for (const entry of bucket.values()) {
      entry.live = false;
      this.changes.touch(entry);
    }
    this.entryCount -= bucket.size;
    this.windows.delete(start);
    if (start === this.lastStart) this.lastBucket = undefined;
  }

  delete(start: number, key: K): void {
    const bucket = this.windows.get(start);
    const entry = bucket?.get(key);
    if (bucket === undefined || entry === undefined) return;
    bucket.delete(key);
    this.entryCount--;
    entry.live = false;
    this.changes.touch(entry);
    if (bucket.size === 0) this.deleteWindow(start);
  }

  private encodeKey(start: number, key: K): Buffer {
    const keyBytes = this.keySerde.serialize(key);
    const out = Buffer.allocUnsafe(8 + keyBytes.length);
    writeInt64(out, 0, start);
    keyBytes.copy(out, 8);
    return out;
  }

  drainChanges(): StoreChange[] {
    return this.changes.drain(
      (e) => this.encodeKey(e.start, e.key),
      (e) => this.valueSerde.serialize(e.value),
    );
  }

  snapshot(): StoreChange[] {
    this.changes.reset();
    const out: StoreChange[] = [];
    for (const bucket of this.windows.values()) {
      for (const entry of bucket.values()) {
        entry.persisted = true;
        out.push({ key: this.encodeKey(entry.start, entry.key), value: this.valueSerde.serialize(entry.value) });
      }
    }
    return out;
  }

  restore(changes: Iterable<StoreChange>): void {
    for (const change of changes) {
      const start = readInt64(change.key, 0);
      const key = this.keySerde.deserialize(change.key.subarray(8));
      let bucket = this.windows.get(start);
      if (change.value === null) {
        if (bucket?.delete(key)) {
          this.entryCount--;
          if (bucket.size === 0) this.windows.delete(start);
        }
        continue;
      }
      if (bucket === undefined) {
        bucket = new Map();
        this.windows.set(start, bucket);
      }
      if (!bucket.has(key)) this.entryCount++;
      const entry = new WindowEntry(start, key, this.valueSerde.deserialize(change.value));
      entry.persisted = true;
      bucket.set(key, entry);
    }
    this.lastStart = Number.NaN;
    this.lastBucket = undefined;
  }

  clear(): void {
    this.windows.clear();
    this.changes.reset();
    this.entryCount = 0;
    this.lastStart = Number.NaN;
    this.lastBucket = undefined;
  }
}
