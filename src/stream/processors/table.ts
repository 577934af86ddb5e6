import type { KeyValueStore } from '../state/key-value-store.js';
import type { Predicate, Processor, ValueFn } from './processor.js';

// A table's records are changes: (key, new value), with null for a deletion (a tombstone),
// as in Kafka Streams' KTable. These processors keep that shape.

/**
 * Keeps the latest value per key and forwards each change. A tombstone deletes the key and is
 * forwarded only when the key was there, so a table never reports deleting what it never had.
 * Records without a key cannot be a table row and are dropped, as Kafka Streams drops them.
 */
export class TableMaterializeProcessor implements Processor {
  constructor(
    private readonly store: KeyValueStore<unknown, unknown>,
    private readonly next: Processor,
  ) {}

  /** Applies a change read back from the table's source topic, without forwarding it: it was forwarded when first read. */
  readonly restorer: Processor = { process: (key, value) => void this.apply(key, value) };

  process(key: unknown, value: unknown, timestamp: number): void {
    if (this.apply(key, value)) this.next.process(key, value ?? null, timestamp);
  }

  /** Returns whether the table changed. */
  private apply(key: unknown, value: unknown): boolean {
    if (key === null || key === undefined) return false;
    if (value === null || value === undefined) {
      if (!this.store.has(key)) return false;
      this.store.delete(key);
      return true;
    }
    this.store.put(key, value);
    return true;
  }
}

/** A row the predicate rejects leaves the filtered table: it is forwarded as a tombstone. */
export class TableFilterProcessor implements Processor {
  constructor(
    private readonly keep: Predicate,
    private readonly next: Processor,
  ) {}

  process(key: unknown, value: unknown, timestamp: number): void {
    if (value === null || this.keep(value, key)) this.next.process(key, value, timestamp);
    else this.next.process(key, null, timestamp);
  }
}

/** Maps each row's value; a deletion stays a deletion. */
export class TableMapValuesProcessor implements Processor {
  constructor(
    private readonly fn: ValueFn,
    private readonly next: Processor,
  ) {}

  process(key: unknown, value: unknown, timestamp: number): void {
    this.next.process(key, value === null ? null : this.fn(value, key), timestamp);
  }
}
