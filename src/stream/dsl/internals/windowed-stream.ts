import { toPositiveMillis } from '../../duration.js';
import { TopologyError } from '../../errors.js';
import { SessionAggregateProcessor } from '../../processors/session-aggregate.js';
import { WindowAggregateProcessor } from '../../processors/window-aggregate.js';
import type { StateKey } from '../../records.js';
import { serdes, type Serde } from '../../serde.js';
import { InMemorySessionStore } from '../../state/session-store.js';
import { InMemoryWindowStore } from '../../state/window-store.js';
import type { SessionWindows, TimeWindows } from '../../windows.js';
import type { SessionWindowedStream, TimeWindowedStream, WindowedTable } from '../kstream.js';
import type { AggregateOptions, EmitMode, WindowOptions } from '../options.js';
import { erase } from './erase.js';
import type { StreamEnd } from './scope.js';
import { addStatefulNode, keySerdeOf, registerOperator, resolveTime, type ResolvedTime } from './stateful.js';
import { WindowedTableImpl } from './tables.js';

interface Aggregation {
  readonly kind: string;
  readonly init: () => unknown;
  readonly add: (acc: unknown, value: unknown, key: unknown) => unknown;
  readonly serde: Serde<unknown>;
}

const countAdd = (acc: unknown): unknown => (acc as number) + 1;
const zero = (): unknown => 0;
const nothing = (): unknown => undefined;

function reducing(reduce: (...args: unknown[]) => unknown): (acc: unknown, value: unknown) => unknown {
  return (acc, value) => (acc === undefined ? value : reduce(acc, value));
}

interface WindowTime extends ResolvedTime {
  readonly grace: number;
}

/** The time options with the window's grace, which like lateness means nothing in processing time. */
function windowTime(options: WindowOptions<unknown, unknown>, grace: number, operator: string): WindowTime {
  const time = resolveTime(options, operator);
  if (!time.eventTime && grace > 0) {
    throw new TopologyError(
      `${operator}: a grace period (${grace} ms) applies to event time, where records can arrive after their window ends; add time: 'event' or drop the grace`,
    );
  }
  return { ...time, grace };
}

function updateInterval(emit: EmitMode | undefined): number {
  if (emit === undefined || emit === 'final') return 0;
  return toPositiveMillis(emit.update, 'emit update interval');
}

export class TimeWindowedStreamImpl<K extends StateKey, V> implements TimeWindowedStream<K, V> {
  /** @internal Created by KStream.window(). */
  constructor(
    private readonly stream: StreamEnd,
    private readonly windows: TimeWindows,
    private readonly options: WindowOptions<K, V>,
  ) {}

  count(): WindowedTable<K, number> {
    return this.aggregateWith({ kind: 'count', init: zero, add: countAdd, serde: serdes.json() });
  }

  reduce(reduce: (a: V, b: V) => V, options: AggregateOptions<V> = {}): WindowedTable<K, V> {
    const serde = options.serde ?? this.options.valueSerde ?? serdes.json();
    return this.aggregateWith({ kind: 'reduce', init: nothing, add: reducing(erase(reduce)), serde: serde as Serde<unknown> });
  }

  aggregate<A>(init: () => A, add: (acc: A, value: V, key: K) => A, options: AggregateOptions<A> = {}): WindowedTable<K, A> {
    const serde = (options.serde ?? serdes.json()) as Serde<unknown>;
    return this.aggregateWith({ kind: 'aggregate', init, add: erase(add), serde });
  }

  private aggregateWith<R>(aggregation: Aggregation): WindowedTable<K, R> {
    const options = this.options as WindowOptions<unknown, unknown>;
    const time = windowTime(options, this.windows.grace, `window ${aggregation.kind}`);
    const updateEvery = updateInterval(options.emit);
    const { size, slide } = this.windows;
    const keySerde = keySerdeOf(options);
    const node = addStatefulNode(this.stream.scope.graph, {
      kind: `window-${aggregation.kind}`,
      parent: this.stream.node,
      keyChanged: this.stream.keyChanged,
      options,
      stores: (name) => [{ name: `${name}-store`, kind: 'window' }],
      create: (name, w) =>
        registerOperator(
          w,
          new WindowAggregateProcessor(
            { name, size, slide, ...time, updateEvery, init: aggregation.init, add: aggregation.add },
            w.ctx,
            w.ctx.addStore(new InMemoryWindowStore(`${name}-store`, keySerde, aggregation.serde, size)),
            w.emitter(),
            w.output(1),
          ),
        ),
    });
    return new WindowedTableImpl<K, R>(this.stream.scope, node);
  }
}

export class SessionWindowedStreamImpl<K extends StateKey, V> implements SessionWindowedStream<K, V> {
  /** @internal Created by KStream.window(). */
  constructor(
    private readonly stream: StreamEnd,
    private readonly windows: SessionWindows,
    private readonly options: WindowOptions<K, V>,
  ) {
    if (updateInterval(options.emit) > 0) {
      throw new TopologyError(
        "session windows emit 'final' only: an update for a session that later merges with another could not be taken back",
      );
    }
  }

  count(): WindowedTable<K, number> {
    const plus = (a: unknown, b: unknown): unknown => (a as number) + (b as number);
    return this.aggregateWith({ kind: 'count', init: zero, add: countAdd, serde: serdes.json() }, plus);
  }

  reduce(reduce: (a: V, b: V) => V, options: AggregateOptions<V> = {}): WindowedTable<K, V> {
    const serde = options.serde ?? this.options.valueSerde ?? serdes.json();
    const erased = erase(reduce);
    return this.aggregateWith({ kind: 'reduce', init: nothing, add: reducing(erased), serde: serde as Serde<unknown> }, erased);
  }

  aggregate<A>(
    init: () => A,
    add: (acc: A, value: V, key: K) => A,
    merge: (a: A, b: A, key: K) => A,
    options: AggregateOptions<A> = {},
  ): WindowedTable<K, A> {
    const serde = (options.serde ?? serdes.json()) as Serde<unknown>;
    return this.aggregateWith({ kind: 'aggregate', init, add: erase(add), serde }, erase(merge));
  }

  private aggregateWith<R>(aggregation: Aggregation, merge: (a: unknown, b: unknown, key: unknown) => unknown): WindowedTable<K, R> {
    const options = this.options as WindowOptions<unknown, unknown>;
    const time = windowTime(options, this.windows.grace, `session ${aggregation.kind}`);
    const keySerde = keySerdeOf(options);
    const node = addStatefulNode(this.stream.scope.graph, {
      kind: `session-${aggregation.kind}`,
      parent: this.stream.node,
      keyChanged: this.stream.keyChanged,
      options,
      stores: (name) => [{ name: `${name}-store`, kind: 'session' }],
      create: (name, w) =>
        registerOperator(
          w,
          new SessionAggregateProcessor(
            { name, gap: this.windows.gap, ...time, init: aggregation.init, add: aggregation.add, merge },
            w.ctx,
            w.ctx.addStore(new InMemorySessionStore(`${name}-store`, keySerde, aggregation.serde)),
            w.emitter(),
            w.output(1),
          ),
        ),
    });
    return new WindowedTableImpl<K, R>(this.stream.scope, node);
  }
}
