/** How a store lays out its changelog keys; part of the changelog format (see changelog-format.ts). */
export type StoreKind = 'key-value' | 'window' | 'session';

/** A store's own view of one changed entry; the task wraps it with the store's name. value null deletes. */
export interface StoreChange {
  readonly key: Buffer;
  readonly value: Buffer | null;
}

/**
 * What a task needs from any store to checkpoint and restore it, so a persistent
 * implementation can replace the in-memory one without touching operators.
 */
export interface StateStore {
  readonly name: string;
  readonly kind: StoreKind;
  /** Live entries, for the state-size metric. */
  readonly size: number;
  /** Entries written or deleted since the last drain, oldest first; resets the change list. */
  drainChanges(): StoreChange[];
  /** Every live entry; resets the change list, as the snapshot supersedes it. */
  snapshot(): StoreChange[];
  /** Applies changes in order on top of the current contents. */
  restore(changes: Iterable<StoreChange>): void;
  clear(): void;
}

/**
 * Bookkeeping carried by each stored entry, so marking it changed costs a flag
 * check instead of a Set insert or an allocation per write.
 */
export abstract class TrackedEntry {
  dirty = false;
  /** The changelog holds a value for this entry, so deleting it needs a tombstone. */
  persisted = false;
  live = true;
}

export class ChangeList<E extends TrackedEntry> {
  private pending: E[] = [];

  touch(entry: E): void {
    if (entry.dirty) return;
    entry.dirty = true;
    this.pending.push(entry);
  }

  drain(encodeKey: (entry: E) => Buffer, encodeValue: (entry: E) => Buffer): StoreChange[] {
    const out: StoreChange[] = [];
    for (const entry of this.pending) {
      entry.dirty = false;
      if (entry.live) {
        out.push({ key: encodeKey(entry), value: encodeValue(entry) });
        entry.persisted = true;
      } else if (entry.persisted) {
        out.push({ key: encodeKey(entry), value: null });
        entry.persisted = false;
      }
    }
    this.pending = [];
    return out;
  }

  reset(): void {
    for (const entry of this.pending) entry.dirty = false;
    this.pending = [];
  }
}

export function writeInt64(target: Buffer, offset: number, value: number): void {
  target.writeBigInt64BE(BigInt(value), offset);
}

export function readInt64(source: Buffer, offset: number): number {
  return Number(source.readBigInt64BE(offset));
}
