import type { Duration } from '../duration.js';
import type { Serde } from '../serde.js';

export interface SourceOptions<K, V> {
  /** Default: UTF-8 strings. */
  readonly key?: Serde<K>;
  /** Default: UTF-8 strings. */
  readonly value?: Serde<V>;
}

export interface SinkOptions<K, V> {
  /** Default: JSON. */
  readonly key?: Serde<K>;
  /** Default: JSON; pass serdes.string to write text as it is. */
  readonly value?: Serde<V>;
  /** Headers for each record, e.g. the window of a result, so readers need not parse the value. Default: none. */
  readonly headers?: (value: V, key: K) => Readonly<Record<string, string>>;
}

export interface StatefulOptions<K, V> {
  /**
   * Names the operator; its stores and repartition topic are named after it. Unnamed
   * operators are numbered by position, so name those whose state must outlive code changes.
   */
  readonly name?: string;
  /** Key serde for state and the repartition topic. Default: JSON. */
  readonly keySerde?: Serde<K>;
  /** Value serde for the repartition topic and buffered values. Default: JSON. */
  readonly valueSerde?: Serde<V>;
  /** Runs the operator on a repartition topic with this many partitions, even if the key did not change. */
  readonly partitions?: number;
}

/** Processing time (the default, as in the seeds) or the records' event time. */
export type TimeSemantics = 'processing' | 'event';

export interface LateOutput<K, V> {
  readonly topic: string;
  readonly key?: Serde<K>;
  readonly value?: Serde<V>;
}

export interface TimeOptions<K, V> {
  readonly time?: TimeSemantics;
  /**
   * Event time only: the watermark is the largest event time seen minus this. A window
   * closes when the watermark reaches its end. Default 0.
   */
  readonly lateness?: Duration;
  /** Event time only: where late records go, besides being counted. A topic name, or a topic with serdes (JSON by default). */
  readonly late?: string | LateOutput<K, V>;
}

/** 'final': one result per key and window when the window closes. update: changed results at most every interval. */
export type EmitMode = 'final' | { readonly update: Duration };

export interface WindowOptions<K, V> extends StatefulOptions<K, V>, TimeOptions<K, V> {
  readonly emit?: EmitMode;
}

export interface AggregateOptions<A> {
  /** Serde of the aggregate in the state changelog. Default: JSON. */
  readonly serde?: Serde<A>;
}

export interface ReduceByKeyAndWindowOptions<K, V> extends StatefulOptions<K, V>, TimeOptions<K, V> {
  /** Spark's filterFunc: keys it returns false for leave the state after a window. Default: keep every key. */
  readonly filter?: (value: V, key: K) => boolean;
}

export interface UpdateStateOptions<K, V, S> extends StatefulOptions<K, V> {
  /** Spark's batch interval: how often the update function runs. Default '1s'. */
  readonly interval?: Duration;
  /** Drops a key that received no values for this long, without calling the update function. */
  readonly ttl?: Duration;
  /** Serde of the state in the changelog. Default: JSON. */
  readonly stateSerde?: Serde<S>;
}

/** A table's state: `name` names its store (`<name>-store`); the serdes are those of its state and repartition topic. Default: JSON. */
export type TableOptions<K, V> = Pick<StatefulOptions<K, V>, 'name' | 'keySerde' | 'valueSerde'>;

/** A table read from a topic: source serdes (default UTF-8 strings) and its name. */
export interface TableSourceOptions<K, V> extends SourceOptions<K, V> {
  readonly name?: string;
}

/**
 * Kafka Streams' Joined, for a stream–table join. The serdes are those of the repartition topic
 * the stream reads through when its key changed; `name` names that topic (`<name>-repartition`).
 */
export interface Joined<K, V> {
  readonly name?: string;
  /** Default: JSON. */
  readonly keySerde?: Serde<K>;
  /** Default: JSON. */
  readonly valueSerde?: Serde<V>;
}

/**
 * Kafka Streams' StreamJoined, for a stream–stream join: `name` names its window stores
 * (`<name>-left-store`, `<name>-right-store`, and `<name>-left-unmatched` / `<name>-right-unmatched`
 * for the records a left or outer join waits to emit alone) and repartition topics. The serdes are
 * those of the stores and repartition topics. Default: JSON.
 */
export interface StreamJoined<K, V, VO> {
  readonly name?: string;
  readonly keySerde?: Serde<K>;
  readonly valueSerde?: Serde<V>;
  readonly otherValueSerde?: Serde<VO>;
}

/** Names a table–table join's operators; the joined table is computed from both tables' stores, so it keeps no store of its own. */
export interface TableJoined {
  readonly name?: string;
}
