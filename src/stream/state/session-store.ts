import type { Serde } from '../serde.js';
import { ChangeList, TrackedEntry, readInt64, writeInt64, type StateStore, type StoreChange } from './state-store.js';

/** One session of one key: `start` is its first record's time, `end` its last record's (both inclusive). */
export class Session<K, V> extends TrackedEntry {
  constructor(
    readonly key: K,
    readonly start: number,
    readonly end: number,
    readonly value: V,
  ) {
    super();
  }
}

export interface SessionStore<K, V> extends StateStore {
  readonly kind: 'session';
  /** The key's open sessions, ascending by start. */
  sessionsOf(key: K): readonly Session<K, V>[];
  put(key: K, start: number, end: number, value: V): Session<K, V>;
  remove(session: Session<K, V>): void;
  all(): IterableIterator<Session<K, V>>;
}

/** Changelog key: int64 BE session start, then the key's bytes. Value: int64 BE session end, then the value's bytes. */
export class InMemorySessionStore<K, V> implements SessionStore<K, V> {
  readonly kind = 'session' as const;
  private readonly byKey = new Map<K, Session<K, V>[]>();
  private readonly changes = new ChangeList<Session<K, V>>();
  private count = 0;

  constructor(
    readonly name: string,
    private readonly keySerde: Serde<K>,
    private readonly valueSerde: Serde<V>,
  ) {}

  get size(): number {
    return this.count;
  }

  sessionsOf(key: K): readonly Session<K, V>[] {
    return this.byKey.get(key) ?? [];
  }

  put(key: K, start: number, end: number, value: V): Session<K, V> {
    const session = new Session(key, start, end, value);
    this.insert(session);
    this.changes.touch(session);
    return session;
  }

  private insert(session: Session<K, V>): void {
    let list = this.byKey.get(session.key);
    if (list === undefined) {
      list = [];
      this.byKey.set(session.key, list);
    }
    let i = list.length;
    while (i > 0 && list[i - 1]!.start > session.start) i--;
    list.splice(i, 0, session);
    this.count++;
  }

  remove(session: Session<K, V>): void {
    const list = this.byKey.get(session.key);
    const i = list === undefined ? -1 : list.indexOf(session);
    if (i < 0) return;
    list!.splice(i, 1);
    if (list!.length === 0) this.byKey.delete(session.key);
    this.count--;
    session.live = false;
    this.changes.touch(session);
  }

  *all(): IterableIterator<Session<K, V>> {
    for (const list of this.byKey.values()) yield* list;
  }

  private encodeKey(session: Session<K, V>): Buffer {
    const keyBytes = this.keySerde.serialize(session.key);
    const out = Buffer.allocUnsafe(8 + keyBytes.length);
    writeInt64(out, 0, session.start);
    keyBytes.copy(out, 8);
    return out;
  }

  private encodeValue(session: Session<K, V>): Buffer {
    const valueBytes = this.valueSerde.serialize(session.value);
    const out = Buffer.allocUnsafe(8 + valueBytes.length);
    writeInt64(out, 0, session.end);
    valueBytes.copy(out, 8);
    return out;
  }

  drainChanges(): StoreChange[] {
    return this.changes.drain(
      (s) => this.encodeKey(s),
      (s) => this.encodeValue(s),
    );
  }

  snapshot(): StoreChange[] {
    this.changes.reset();
    const out: StoreChange[] = [];
    for (const session of this.all()) {
      session.persisted = true;
      out.push({ key: this.encodeKey(session), value: this.encodeValue(session) });
    }
    return out;
  }

  restore(changes: Iterable<StoreChange>): void {
    for (const change of changes) {
      const start = readInt64(change.key, 0);
      const key = this.keySerde.deserialize(change.key.subarray(8));
      const list = this.byKey.get(key);
      const existing = list?.findIndex((s) => s.start === start) ?? -1;
      if (existing >= 0) {
        list!.splice(existing, 1);
        if (list!.length === 0) this.byKey.delete(key);
        this.count--;
      }
      if (change.value === null) continue;
      const session = new Session(key, start, readInt64(change.value, 0), this.valueSerde.deserialize(change.value.subarray(8)));
      session.persisted = true;
      this.insert(session);
    }
  }

  clear(): void {
    this.byKey.clear();
    this.changes.reset();
    this.count = 0;
  }
}
