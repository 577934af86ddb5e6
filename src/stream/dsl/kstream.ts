import type { Duration } from '../duration.js';
import type { KeyValue, RecordContext, StateKey, Window, Windowed } from '../records.js';
import type { JoinWindows, SessionWindows, TimeWindows } from '../windows.js';
import type {
  AggregateOptions,
  Joined,
  StreamJoined,
  TableJoined,
  ReduceByKeyAndWindowOptions,
  SinkOptions,
  TableOptions,
  UpdateStateOptions,
  WindowOptions,
} from './options.js';

// The DSL's public types, as Kafka Streams' `kstream` package: a stream's operators return
// tables and windowed streams, whose operators return streams again, so the five types name
// each other and live in this one file (and KTable with them). Their implementations (dsl/internals/) sit below it.

/**
 * A stream of keyed records. Functions take the value first and the key second, so a
 * job reads like the seeds' Scala: `stream.filter(v => v !== '').keyBy(v => v)`.
 * Values are shared between branches: treat them as immutable.
 * K and V are invariant, so a stream of object keys cannot pass where a StateKey is needed.
 */
export interface KStream<in out K, in out V> {
  filter<S extends V>(keep: (value: V, key: K) => value is S): KStream<K, S>;
  filter(keep: (value: V, key: K) => boolean): KStream<K, V>;

  /** Maps values; the key stays, so no repartition is needed. */
  map<V2>(fn: (value: V, key: K) => V2): KStream<K, V2>;

  /** Spark's mapToPair / Scala's `map(x => (x, 1))`: sets key and value. */
  mapToPair<K2, V2>(fn: (value: V, key: K) => readonly [K2, V2]): KStream<K2, V2>;

  flatMap<V2>(fn: (value: V, key: K) => Iterable<V2>): KStream<K, V2>;

  /** Sees each record without changing it; `record` tells where it was read, for tracing and debugging. */
  peek(fn: (value: V, key: K, record: RecordContext) => void): KStream<K, V>;

  /** Sets the key; a stateful operator after it reads through a repartition topic. */
  keyBy<K2>(fn: (value: V, key: K) => K2): KStream<K2, V>;

  /** Kafka Streams' name for keyBy. */
  selectKey<K2>(fn: (value: V, key: K) => K2): KStream<K2, V>;

  /** Sets the event time of each record, for event-time windows; the default is the Kafka record timestamp. */
  withTimestamps(extract: (value: V, key: K, recordTimestamp: number) => number): KStream<K, V>;

  /** One stream per predicate; a record goes to the first whose predicate holds, or nowhere. */
  branch<const P extends readonly ((value: V, key: K) => boolean)[]>(...predicates: P): { -readonly [I in keyof P]: KStream<K, V> };

  /** Both streams must come from the same StreamBuilder. */
  merge(other: KStream<K, V>): KStream<K, V>;

  to(topic: string, options?: SinkOptions<K, V>): void;

  window<KK extends StateKey>(this: KStream<KK, V>, windows: TimeWindows, options?: WindowOptions<KK, V>): TimeWindowedStream<KK, V>;
  window<KK extends StateKey>(this: KStream<KK, V>, windows: SessionWindows, options?: WindowOptions<KK, V>): SessionWindowedStream<KK, V>;

  /**
   * Spark's reduceByKeyAndWindow with an inverse function, computed incrementally:
   * every `slide` the window value is the previous one plus the new slide minus the
   * old slide. Emits every key in the state each slide (0-valued ones too) unless
   * `filter` drops them. Floating-point sums drift under inverse; prefer integers.
   */
  reduceByKeyAndWindow<KK extends StateKey>(
    this: KStream<KK, V>,
    reduce: (a: V, b: V) => V,
    inverse: (a: V, b: V) => V,
    size: Duration,
    slide: Duration,
    options?: ReduceByKeyAndWindowOptions<KK, V>,
  ): WindowedTable<KK, V>;

  /**
   * Spark's updateStateByKey, on processing time: every `interval` the update function
   * gets each key's new values (possibly none) and its state, and returns the new state,
   * or undefined to drop the key.
   */
  updateStateByKey<KK extends StateKey, S>(
    this: KStream<KK, V>,
    update: (values: readonly V[], state: S | undefined) => S | undefined,
    options?: UpdateStateOptions<KK, V, S>,
  ): StateTable<KK, S>;

  /**
   * Reads the stream as a table: each record is the key's new value. Kafka Streams' toTable();
   * after keyBy or mapToPair the table reads through a repartition topic.
   */
  toTable<KK extends StateKey>(this: KStream<KK, V>, options?: TableOptions<KK, V>): KTable<KK, V>;

  /**
   * Stream–table join: each record is joined with the table's row for its key at the time it
   * is processed; records whose key has no row are dropped. Table updates emit nothing. Both must
   * be partitioned alike (same partition count); after keyBy the stream reads through a repartition
   * topic with the table's partition count.
   */
  join<KK extends StateKey, VT, R>(
    this: KStream<KK, V>,
    table: KTable<Exclude<KK, null>, VT>,
    joiner: (value: V, row: VT, key: Exclude<KK, null>) => R,
    options?: Joined<KK, V>,
  ): KStream<Exclude<KK, null>, R>;
  /**
   * Stream–stream join within a window: records of both streams with one key whose timestamps
   * differ by at most the window's difference are joined, each pair once (event time).
   */
  join<KK extends StateKey, VO, R>(
    this: KStream<KK, V>,
    other: KStream<KK, VO>,
    joiner: (value: V, other: VO, key: KK) => R,
    windows: JoinWindows,
    options?: StreamJoined<KK, V, VO>,
  ): KStream<KK, R>;

  /** As join(table), but a record whose key has no row is joined with null. */
  leftJoin<KK extends StateKey, VT, R>(
    this: KStream<KK, V>,
    table: KTable<Exclude<KK, null>, VT>,
    joiner: (value: V, row: VT | null, key: KK) => R,
    options?: Joined<KK, V>,
  ): KStream<KK, R>;
  /** As join(stream), and a record of this stream that found no match is emitted with null once its window has closed. */
  leftJoin<KK extends StateKey, VO, R>(
    this: KStream<KK, V>,
    other: KStream<KK, VO>,
    joiner: (value: V, other: VO | null, key: KK) => R,
    windows: JoinWindows,
    options?: StreamJoined<KK, V, VO>,
  ): KStream<KK, R>;

  /** As join(stream), and a record of either stream that found no match is emitted with null for the other once its window has closed. */
  outerJoin<KK extends StateKey, VO, R>(
    this: KStream<KK, V>,
    other: KStream<KK, VO>,
    joiner: (value: V | null, other: VO | null, key: KK) => R,
    windows: JoinWindows,
    options?: StreamJoined<KK, V, VO>,
  ): KStream<KK, R>;
}

/** A keyed stream cut into tumbling or hopping windows; aggregate it to get a WindowedTable. */
export interface TimeWindowedStream<K extends StateKey, V> {
  count(): WindowedTable<K, number>;
  reduce(reduce: (a: V, b: V) => V, options?: AggregateOptions<V>): WindowedTable<K, V>;
  aggregate<A>(init: () => A, add: (acc: A, value: V, key: K) => A, options?: AggregateOptions<A>): WindowedTable<K, A>;
}

/** A keyed stream cut into session windows; results are emitted when a session closes. */
export interface SessionWindowedStream<K extends StateKey, V> {
  count(): WindowedTable<K, number>;
  reduce(reduce: (a: V, b: V) => V, options?: AggregateOptions<V>): WindowedTable<K, V>;
  /** `merge` combines the aggregates of two sessions that a record joins together. */
  aggregate<A>(
    init: () => A,
    add: (acc: A, value: V, key: K) => A,
    merge: (a: A, b: A, key: K) => A,
    options?: AggregateOptions<A>,
  ): WindowedTable<K, A>;
}

/** Results of a stateful operator, per key and window (or tick); turn them into a stream to use them. */
export interface ResultTable<K extends StateKey, R> {
  /**
   * One record per window (or tick) holding every key's result, sorted by key, keyed
   * by the window: what the seeds send with `write(rdd.collect)`. Gathering all keys
   * needs them in one task, so the operator runs on a one-partition repartition topic.
   */
  collect(): KStream<Window, KeyValue<K, R>[]>;

  /**
   * The n results with the highest score per window (or tick), best first, equal scores
   * in key order. Like collect(), the operator runs in a single task.
   */
  topK(this: ResultTable<K, number>, n: number): KStream<Window, KeyValue<K, number>[]>;
  topK(n: number, score: (result: R, key: K) => number): KStream<Window, KeyValue<K, R>[]>;
}

/** Windowed results: each emitted result is keyed by its key and window. */
export interface WindowedTable<K extends StateKey, R> extends ResultTable<K, R> {
  toStream(): KStream<Windowed<K>, R>;
}

/** Keyed state from updateStateByKey: every key's state is emitted after each tick. */
export interface StateTable<K extends StateKey, S> extends ResultTable<K, S> {
  toStream(): KStream<K, S>;
}

/**
 * A table: the latest value per key, as Kafka Streams' KTable. Its records are changes,
 * `(key, value)` for an insert or update and `(key, null)` for a deletion (a tombstone).
 */
export interface KTable<in out K extends StateKey, in out V> {
  /** Rows the predicate rejects leave the table: downstream sees them deleted. */
  filter(keep: (value: V, key: K) => boolean): KTable<K, V>;

  /** Maps each row's value; deletions stay deletions. */
  mapValues<V2>(fn: (value: V, key: K) => V2): KTable<K, V2>;

  /** The table's changes as a stream; a deletion arrives as a null value (written as a tombstone by to()). */
  toStream(): KStream<K, V | null>;

  /**
   * Table–table join: a key is in the joined table while both tables have a row for it. A change
   * on either side updates the joined row; a key leaving the join arrives as a deletion.
   */
  join<VO, R>(other: KTable<K, VO>, joiner: (value: V, other: VO, key: K) => R, options?: TableJoined): KTable<K, R>;
  /** A key is in the joined table while this table has a row for it; the other side's row is null when missing. */
  leftJoin<VO, R>(other: KTable<K, VO>, joiner: (value: V, other: VO | null, key: K) => R, options?: TableJoined): KTable<K, R>;
  /** A key is in the joined table while either table has a row for it; the missing side is null. */
  outerJoin<VO, R>(other: KTable<K, VO>, joiner: (value: V | null, other: VO | null, key: K) => R, options?: TableJoined): KTable<K, R>;
}
