import type { Serde } from '../serde.js';
import { ChangeList, TrackedEntry, type StateStore, type StoreChange } from './state-store.js';

export interface KeyValueStore<K, V> extends StateStore {
  readonly kind: 'key-value';
  get(key: K): V | undefined;
  has(key: K): boolean;
  put(key: K, value: V): void;
  delete(key: K): void;
  /** Live entries in insertion order; deleting the current key while iterating is safe. */
  entries(): IterableIterator<[K, V]>;
}

class KvEntry<K, V> extends TrackedEntry {
  constructor(
    readonly key: K,
    public value: V,
  ) {
    super();
  }
}

/**
 * Changelog key: the key's bytes. Value: the value's bytes. A store built with `logged: false`
 * writes no changelog: its contents are rebuilt from elsewhere (a table's source topic).
 */
export class InMemoryKeyValueStore<K, V> implements KeyValueStore<K, V> {
  readonly kind = 'key-value' as const;
  private readonly map = new Map<K, KvEntry<K, V>>();
  private readonly changes = new ChangeList<KvEntry<K, V>>();

  constructor(
    readonly name: string,
    private readonly keySerde: Serde<K>,
    private readonly valueSerde: Serde<V>,
    private readonly logged = true,
  ) {}

  get size(): number {
    return this.map.size;
  }

  get(key: K): V | undefined {
    return this.map.get(key)?.value;
  }

  has(key: K): boolean {
    return this.map.has(key);
  }

  put(key: K, value: V): void {
    let entry = this.map.get(key);
    if (entry === undefined) {
      entry = new KvEntry(key, value);
      this.map.set(key, entry);
    } else {
      entry.value = value;
    }
    if (this.logged) this.changes.touch(entry);
  }

  delete(key: K): void {
    const entry = this.map.get(key);
    if (entry === undefined) return;
    this.map.delete(key);
    entry.live = false;
    if (this.logged) this.changes.touch(entry);
  }

  *entries(): IterableIterator<[K, V]> {
    for (const entry of this.map.values()) yield [entry.key, entry.value];
  }

  drainChanges(): StoreChange[] {
    return this.changes.drain(
      (e) => this.keySerde.serialize(e.key),
      (e) => this.valueSerde.serialize(e.value),
    );
  }

  snapshot(): StoreChange[] {
    this.changes.reset();
    const out: StoreChange[] = [];
    if (!this.logged) return out;
    for (const entry of this.map.values()) {
      entry.persisted = true;
      out.push({ key: this.keySerde.serialize(entry.key), value: this.valueSerde.serialize(entry.value) });
    }
    return out;
  }

  restore(changes: Iterable<StoreChange>): void {
    for (const change of changes) {
      const key = this.keySerde.deserialize(change.key);
      if (change.value === null) {
        this.map.delete(key);
        continue;
      }
      const entry = new KvEntry(key, this.valueSerde.deserialize(change.value));
      entry.persisted = true;
      this.map.set(key, entry);
    }
  }

  clear(): void {
    this.map.clear();
    this.changes.reset();
  }
}
