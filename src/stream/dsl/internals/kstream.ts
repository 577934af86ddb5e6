import { toPositiveMillis, toMillis, type Duration } from '../../duration.js';
import { TopologyError } from '../../errors.js';
import {
  BranchProcessor,
  FilterProcessor,
  FlatMapValuesProcessor,
  KeyByProcessor,
  MapToPairProcessor,
  MapValuesProcessor,
  PeekProcessor,
  TimestampProcessor,
} from '../../processors/stateless.js';
import type { Processor } from '../../processors/processor.js';
import type { Joiner } from '../../processors/table-join.js';
import { ReduceByKeyAndWindowProcessor } from '../../processors/reduce-by-key-and-window.js';
import { UpdateStateByKeyProcessor } from '../../processors/update-state-by-key.js';
import type { RecordContext, StateKey } from '../../records.js';
import { serdes, type Serde } from '../../serde.js';
import { listSerde, timedStateSerde } from '../../state/composite-serdes.js';
import { InMemoryKeyValueStore } from '../../state/key-value-store.js';
import { InMemoryWindowStore } from '../../state/window-store.js';
import type { GraphBuilder, GraphNode, Wiring } from '../../topology/graph.js';
import { gcd, type JoinWindows, type SessionWindows, type TimeWindows } from '../../windows.js';
import type { KStream, KTable, SessionWindowedStream, StateTable, TimeWindowedStream, WindowedTable } from '../kstream.js';
import type {
  Joined,
  ReduceByKeyAndWindowOptions,
  SinkOptions,
  StreamJoined,
  TableOptions,
  UpdateStateOptions,
  WindowOptions,
} from '../options.js';
import { erase } from './erase.js';
import { KTableImpl, materializeTable } from './ktable.js';
import { joinStreams, joinTable, type StreamJoinType } from './stream-joins.js';
import type { DslScope, StreamEnd } from './scope.js';
import { addStatefulNode, keySerdeOf, registerOperator, resolveTime } from './stateful.js';
import { StateTableImpl, WindowedTableImpl } from './tables.js';
import { SessionWindowedStreamImpl, TimeWindowedStreamImpl } from './windowed-stream.js';

/** The scope of one StreamBuilder's streams. */
export function streamScope(graph: GraphBuilder): DslScope {
  const scope: DslScope = { graph, stream: (node, keyChanged) => new KStreamImpl(scope, node, keyChanged) };
  return scope;
}

export class KStreamImpl<K, V> implements KStream<K, V>, StreamEnd {
  /** @internal Streams come from StreamBuilder.stream() and from operators. */
  constructor(
    readonly scope: DslScope,
    readonly node: GraphNode,
    readonly keyChanged: boolean,
  ) {}

  private get graph(): GraphBuilder {
    return this.scope.graph;
  }

  private then<K2, V2>(kind: string, create: (next: Processor, w: Wiring) => Processor, keyChanged = this.keyChanged): KStream<K2, V2> {
    const node = this.graph.add(kind, { type: 'processor', create: (w) => create(w.output(0), w) }, [this.node]);
    return new KStreamImpl<K2, V2>(this.scope, node, keyChanged);
  }

  filter<S extends V>(keep: (value: V, key: K) => value is S): KStream<K, S>;
  filter(keep: (value: V, key: K) => boolean): KStream<K, V>;
  filter(keep: (value: V, key: K) => boolean): KStream<K, V> {
    return this.then('filter', (next) => new FilterProcessor(erase(keep), next));
  }

  map<V2>(fn: (value: V, key: K) => V2): KStream<K, V2> {
    return this.then('map', (next) => new MapValuesProcessor(erase(fn), next));
  }

  mapToPair<K2, V2>(fn: (value: V, key: K) => readonly [K2, V2]): KStream<K2, V2> {
    return this.then('map-to-pair', (next) => new MapToPairProcessor(erase(fn), next), true);
  }

  flatMap<V2>(fn: (value: V, key: K) => Iterable<V2>): KStream<K, V2> {
    return this.then('flat-map', (next) => new FlatMapValuesProcessor(erase(fn), next));
  }

  peek(fn: (value: V, key: K, record: RecordContext) => void): KStream<K, V> {
    return this.then('peek', (next, w) => new PeekProcessor(erase(fn), w.ctx, next));
  }

  keyBy<K2>(fn: (value: V, key: K) => K2): KStream<K2, V> {
    return this.then('key-by', (next) => new KeyByProcessor(erase(fn), next), true);
  }

  selectKey<K2>(fn: (value: V, key: K) => K2): KStream<K2, V> {
    return this.keyBy(fn);
  }

  withTimestamps(extract: (value: V, key: K, recordTimestamp: number) => number): KStream<K, V> {
    return this.then('timestamps', (next) => new TimestampProcessor(erase(extract), next));
  }

  branch<const P extends readonly ((value: V, key: K) => boolean)[]>(...predicates: P): { -readonly [I in keyof P]: KStream<K, V> } {
    if (predicates.length === 0) throw new TopologyError('branch() needs at least one predicate: pass one per output stream');
    const erased = predicates.map((p) => erase(p));
    const branch = this.graph.add(
      'branch',
      { type: 'processor', create: (w) => new BranchProcessor(erased, erased.map((_, i) => w.output(i))) },
      [this.node],
    );
    const outputs = predicates.map((_, port) => {
      const out = this.graph.add('branch-output', { type: 'pass' }, [branch], { port });
      return new KStreamImpl<K, V>(this.scope, out, this.keyChanged);
    });
    return outputs as { -readonly [I in keyof P]: KStream<K, V> };
  }

  merge(other: KStream<K, V>): KStream<K, V> {
    if (!(other instanceof KStreamImpl) || other.graph !== this.graph) {
      throw new TopologyError('merge() joins streams of one StreamBuilder; build both from the same builder');
    }
    const node = this.graph.add('merge', { type: 'pass' }, [this.node, other.node]);
    return new KStreamImpl<K, V>(this.scope, node, this.keyChanged || other.keyChanged);
  }

  to(topic: string, options: SinkOptions<K, V> = {}): void {
    this.graph.add(
      'sink',
      {
        type: 'sink',
        topic,
        internal: false,
        keySerde: (options.key ?? serdes.json()) as Serde<unknown>,
        valueSerde: (options.value ?? serdes.json()) as Serde<unknown>,
        ...(options.headers !== undefined && { headers: erase(options.headers) }),
      },
      [this.node],
    );
  }

  window<KK extends StateKey>(this: KStreamImpl<KK, V>, windows: TimeWindows, options?: WindowOptions<KK, V>): TimeWindowedStream<KK, V>;
  window<KK extends StateKey>(this: KStreamImpl<KK, V>, windows: SessionWindows, options?: WindowOptions<KK, V>): SessionWindowedStream<KK, V>;
  window<KK extends StateKey>(
    this: KStreamImpl<KK, V>,
    windows: TimeWindows | SessionWindows,
    options: WindowOptions<KK, V> = {},
  ): TimeWindowedStream<KK, V> | SessionWindowedStream<KK, V> {
    return windows.kind === 'time' ? new TimeWindowedStreamImpl(this, windows, options) : new SessionWindowedStreamImpl(this, windows, options);
  }

  reduceByKeyAndWindow<KK extends StateKey>(
    this: KStreamImpl<KK, V>,
    reduce: (a: V, b: V) => V,
    inverse: (a: V, b: V) => V,
    size: Duration,
    slide: Duration,
    options: ReduceByKeyAndWindowOptions<KK, V> = {},
  ): WindowedTable<KK, V> {
    const sizeMs = toPositiveMillis(size, 'reduceByKeyAndWindow window size');
    const slideMs = toPositiveMillis(slide, 'reduceByKeyAndWindow slide');
    if (slideMs > sizeMs) {
      throw new TopologyError(`reduceByKeyAndWindow: a slide (${slideMs} ms) longer than the window (${sizeMs} ms) skips records; shorten the slide`);
    }
    const time = resolveTime(options as ReduceByKeyAndWindowOptions<unknown, unknown>, 'reduceByKeyAndWindow');
    const keySerde = keySerdeOf(options as ReduceByKeyAndWindowOptions<unknown, unknown>);
    const valueSerde = (options.valueSerde ?? serdes.json()) as Serde<unknown>;
    const keep = options.filter === undefined ? undefined : erase(options.filter);
    const node = addStatefulNode(this.graph, {
      kind: 'reduce-by-key-and-window',
      parent: this.node,
      keyChanged: this.keyChanged,
      options: options as ReduceByKeyAndWindowOptions<unknown, unknown>,
      stores: (name) => [
        { name: `${name}-slices`, kind: 'window' },
        { name: `${name}-values`, kind: 'key-value' },
      ],
      create: (name: string, w: Wiring) =>
        registerOperator(
          w,
          new ReduceByKeyAndWindowProcessor(
            // Spark's windows have no grace: the lateness of the watermark is their only slack.
            { name, size: sizeMs, slide: slideMs, ...time, grace: 0, reduce: erase(reduce), inverse: erase(inverse), keep },
            w.ctx,
            w.ctx.addStore(new InMemoryWindowStore(`${name}-slices`, keySerde, valueSerde, gcd(sizeMs, slideMs))),
            w.ctx.addStore(new InMemoryKeyValueStore(`${name}-values`, keySerde, valueSerde)),
            w.emitter(),
            w.output(1),
          ),
        ),
    });
    return new WindowedTableImpl<KK, V>(this.scope, node);
  }

  updateStateByKey<KK extends StateKey, S>(
    this: KStreamImpl<KK, V>,
    update: (values: readonly V[], state: S | undefined) => S | undefined,
    options: UpdateStateOptions<KK, V, S> = {},
  ): StateTable<KK, S> {
    const interval = toPositiveMillis(options.interval ?? '1s', 'updateStateByKey interval');
    const ttl = options.ttl === undefined ? 0 : toMillis(options.ttl, 'updateStateByKey ttl');
    const erasedOptions = options as UpdateStateOptions<unknown, unknown, unknown>;
    const keySerde = keySerdeOf(erasedOptions);
    const valueSerde = erasedOptions.valueSerde ?? serdes.json();
    const stateSerde = erasedOptions.stateSerde ?? serdes.json();
    const node = addStatefulNode(this.graph, {
      kind: 'update-state-by-key',
      parent: this.node,
      keyChanged: this.keyChanged,
      options: erasedOptions,
      stores: (name) => [
        { name: `${name}-pending`, kind: 'key-value' },
        { name: `${name}-state`, kind: 'key-value' },
      ],
      create: (name: string, w: Wiring) =>
        registerOperator(
          w,
          new UpdateStateByKeyProcessor(
            { name, interval, ttl, update: erase(update) },
            w.ctx,
            w.ctx.addStore(new InMemoryKeyValueStore(`${name}-pending`, keySerde, listSerde(valueSerde))),
            w.ctx.addStore(new InMemoryKeyValueStore(`${name}-state`, keySerde, timedStateSerde(stateSerde))),
            w.emitter(),
          ),
        ),
    });
    return new StateTableImpl<KK, S>(this.scope, node);
  }

  toTable<KK extends StateKey>(this: KStreamImpl<KK, V>, options: TableOptions<KK, V> = {}): KTable<KK, V> {
    return materializeTable<KK, V>(this, options);
  }

  join<KK extends StateKey, VT, R>(
    this: KStreamImpl<KK, V>,
    table: KTable<Exclude<KK, null>, VT>,
    joiner: (value: V, row: VT, key: Exclude<KK, null>) => R,
    options?: Joined<KK, V>,
  ): KStream<Exclude<KK, null>, R>;
  join<KK extends StateKey, VO, R>(
    this: KStreamImpl<KK, V>,
    other: KStream<KK, VO>,
    joiner: (value: V, other: VO, key: KK) => R,
    windows: JoinWindows,
    options?: StreamJoined<KK, V, VO>,
  ): KStream<KK, R>;
  join<R>(other: KStream<K, unknown> | KTable<StateKey, unknown>, joiner: (...args: never[]) => R, windowsOrOptions?: unknown, options?: unknown): KStream<K, R> {
    return this.joinWith('inner', other, erase(joiner), windowsOrOptions, options);
  }

  leftJoin<KK extends StateKey, VT, R>(
    this: KStreamImpl<KK, V>,
    table: KTable<Exclude<KK, null>, VT>,
    joiner: (value: V, row: VT | null, key: KK) => R,
    options?: Joined<KK, V>,
  ): KStream<KK, R>;
  leftJoin<KK extends StateKey, VO, R>(
    this: KStreamImpl<KK, V>,
    other: KStream<KK, VO>,
    joiner: (value: V, other: VO | null, key: KK) => R,
    windows: JoinWindows,
    options?: StreamJoined<KK, V, VO>,
  ): KStream<KK, R>;
  leftJoin<R>(other: KStream<K, unknown> | KTable<StateKey, unknown>, joiner: (...args: never[]) => R, windowsOrOptions?: unknown, options?: unknown): KStream<K, R> {
    return this.joinWith('left', other, erase(joiner), windowsOrOptions, options);
  }

  outerJoin<KK extends StateKey, VO, R>(
    this: KStreamImpl<KK, V>,
    other: KStream<KK, VO>,
    joiner: (value: V | null, other: VO | null, key: KK) => R,
    windows: JoinWindows,
    options?: StreamJoined<KK, V, VO>,
  ): KStream<KK, R> {
    return this.joinWith('outer', other, erase(joiner), windows, options);
  }

  /** A join's output is keyed and partitioned by the join key: any repartitioning happened in front of it. */
  private joinWith<R>(type: StreamJoinType, other: unknown, joiner: Joiner, windowsOrOptions: unknown, options: unknown): KStream<K, R> {
    let node: GraphNode;
    if (other instanceof KTableImpl) {
      if (type === 'outer') {
        throw new TopologyError('a stream cannot be outer-joined with a table (Kafka Streams has no such join); use leftJoin, or toTable() the stream and outerJoin the tables');
      }
      node = joinTable(this, other, joiner, type === 'left', (windowsOrOptions ?? {}) as Joined<unknown, unknown>);
    } else if (other instanceof KStreamImpl) {
      node = joinStreams(this, other, joiner, windowsOrOptions as JoinWindows | undefined, type, (options ?? {}) as StreamJoined<unknown, unknown, unknown>);
    } else {
      throw new TopologyError('join() takes a KStream or a KTable of the same StreamBuilder');
    }
    return new KStreamImpl<K, R>(this.scope, node, false);
  }
}
