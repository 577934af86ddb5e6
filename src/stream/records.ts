/**
 * Record shapes at the task boundary. The runtime builds SourceRecords from Kafka
 * fetches and hands OutputRecords to a producer; the test driver does the same in memory.
 */

/** Keys that keyed state can hold: they compare by value in a Map and round-trip through JSON. */
export type StateKey = string | number | boolean | null;

export type KeyValue<K, V> = readonly [key: K, value: V];

/** A time window, start inclusive and end exclusive, in epoch milliseconds. */
export interface Window {
  readonly start: number;
  readonly end: number;
}

/** The key of a windowed result: results are keyed by window and key, so emitting one again is idempotent. */
export interface Windowed<K> extends Window {
  readonly key: K;
}

export type RecordHeaders = Iterable<readonly [string | Buffer, Buffer]>;

export interface SourceRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  /** Kafka record timestamp, epoch milliseconds. */
  readonly timestamp: number;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers?: RecordHeaders;
}

export interface OutputRecord {
  readonly topic: string;
  /** Set for internal topics (chosen by key hash); left to the producer's partitioner for user topics. */
  readonly partition?: number;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly timestamp: number;
  readonly headers?: ReadonlyMap<string, Buffer>;
}

/**
 * Where the record being processed came from. While operators emit because time
 * moved (a window closed, a state tick), topic is '' and offset -1.
 */
export interface RecordContext {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
}

/** Where a task's output goes: the runtime's producer, or the test driver's in-memory logs. */
export interface RecordSink {
  send(record: OutputRecord): void;
}

/** One record of a task's changelog topic; value null deletes the entry. Format: state/changelog-format.ts. */
export interface ChangelogRecord {
  readonly key: Buffer;
  readonly value: Buffer | null;
}
