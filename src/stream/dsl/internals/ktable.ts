import { TopologyError } from '../../errors.js';
import { TableFilterProcessor, TableMapValuesProcessor, TableMaterializeProcessor } from '../../processors/table.js';
import { joinedGetter, TableTableJoinSide, type JoinType } from '../../processors/table-join.js';
import type { Processor } from '../../processors/processor.js';
import { filteredGetter, mappedGetter, storeGetter, type ValueGetterFactory } from '../../processors/value-getter.js';
import type { StateKey } from '../../records.js';
import { serdes, type Serde } from '../../serde.js';
import { InMemoryKeyValueStore } from '../../state/key-value-store.js';
import type { GraphNode } from '../../topology/graph.js';
import type { KStream, KTable } from '../kstream.js';
import type { TableJoined, TableOptions } from '../options.js';
import { erase } from './erase.js';
import type { DslScope, StreamEnd } from './scope.js';
import { addStatefulNode, keySerdeOf } from './stateful.js';

/**
 * Materializes a stream of changes into a table's store (`<name>-store`), behind a repartition
 * topic when its key changed. A table read straight from a topic (`sourceTopic`) keeps no
 * changelog of its own: the topic is its changelog, replayed into the store on restore.
 */
export function materializeTable<K extends StateKey, V>(
  from: StreamEnd,
  options: TableOptions<K, V>,
  kind = 'to-table',
  sourceTopic?: string,
): KTable<K, V> {
  const erased = options as TableOptions<unknown, unknown>;
  const keySerde = keySerdeOf(erased);
  const valueSerde: Serde<unknown> = erased.valueSerde ?? serdes.json();
  const node = addStatefulNode(from.scope.graph, {
    kind,
    parent: from.node,
    keyChanged: from.keyChanged,
    options: erased,
    stores: (name) => [{ name: `${name}-store`, kind: 'key-value' }],
    create: (name, w) => {
      const store = w.ctx.addStore(new InMemoryKeyValueStore(`${name}-store`, keySerde, valueSerde, sourceTopic === undefined));
      const table = new TableMaterializeProcessor(store, w.output(0));
      if (sourceTopic !== undefined) w.ctx.sourceRestorers.set(sourceTopic, table.restorer);
      return table;
    },
  });
  return new KTableImpl<K, V>(from.scope, node, storeGetter(`${node.name}-store`));
}

export class KTableImpl<K extends StateKey, V> implements KTable<K, V> {
  /** @internal Tables come from StreamBuilder.table(), KStream.toTable() and table operators. */
  constructor(
    readonly scope: DslScope,
    readonly node: GraphNode,
    /** How a task reads this table's current row for a key: from its store, or computed from its parents'. */
    readonly valueGetter: ValueGetterFactory,
  ) {}

  private then<V2>(kind: string, create: (next: Processor) => Processor, valueGetter: ValueGetterFactory): KTable<K, V2> {
    const node = this.scope.graph.add(kind, { type: 'processor', create: (w) => create(w.output(0)) }, [this.node]);
    return new KTableImpl<K, V2>(this.scope, node, valueGetter);
  }

  filter(keep: (value: V, key: K) => boolean): KTable<K, V> {
    const erased = erase(keep);
    return this.then('table-filter', (next) => new TableFilterProcessor(erased, next), filteredGetter(this.valueGetter, erased));
  }

  mapValues<V2>(fn: (value: V, key: K) => V2): KTable<K, V2> {
    const erased = erase(fn);
    return this.then('table-map-values', (next) => new TableMapValuesProcessor(erased, next), mappedGetter(this.valueGetter, erased));
  }

  toStream(): KStream<K, V | null> {
    return this.scope.stream(this.node, false);
  }

  join<VO, R>(other: KTable<K, VO>, joiner: (value: V, other: VO, key: K) => R, options: TableJoined = {}): KTable<K, R> {
    return this.joinTable('inner', other, erase(joiner), options);
  }

  leftJoin<VO, R>(other: KTable<K, VO>, joiner: (value: V, other: VO | null, key: K) => R, options: TableJoined = {}): KTable<K, R> {
    return this.joinTable('left', other, erase(joiner), options);
  }

  outerJoin<VO, R>(other: KTable<K, VO>, joiner: (value: V | null, other: VO | null, key: K) => R, options: TableJoined = {}): KTable<K, R> {
    return this.joinTable('outer', other, erase(joiner), options);
  }

  /**
   * Each table's changes go through a side that reads the other table's row; both sides feed
   * the joined table (`<name>`). A table is keyed as its source, so no repartition is needed,
   * but the two must be co-partitioned, which planning checks.
   */
  private joinTable<R>(type: JoinType, other: unknown, joiner: (...args: unknown[]) => unknown, options: TableJoined): KTable<K, R> {
    if (!(other instanceof KTableImpl) || other.scope.graph !== this.scope.graph) {
      throw new TopologyError('a table–table join joins tables of one StreamBuilder; build both from the same builder');
    }
    const graph = this.scope.graph;
    const name = graph.nameFor('table-join', options.name);
    const left = graph.add(
      'table-join-left',
      { type: 'processor', create: (w) => new TableTableJoinSide(type, joiner, true, other.valueGetter(w.ctx), w.output(0)) },
      [this.node],
      { name: `${name}-left` },
    );
    const right = graph.add(
      'table-join-right',
      { type: 'processor', create: (w) => new TableTableJoinSide(type, joiner, false, this.valueGetter(w.ctx), w.output(0)) },
      [other.node],
      { name: `${name}-right` },
    );
    const joined = graph.add('table-table-join', { type: 'pass' }, [left, right], { name });
    return new KTableImpl<K, R>(this.scope, joined, joinedGetter(type, joiner, this.valueGetter, other.valueGetter));
  }
}
