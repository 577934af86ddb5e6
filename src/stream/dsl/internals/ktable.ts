import { TableFilterProcessor, TableMapValuesProcessor, TableMaterializeProcessor } from '../../processors/table.js';
import type { Processor } from '../../processors/processor.js';
import type { StateKey } from '../../records.js';
import { serdes, type Serde } from '../../serde.js';
import { InMemoryKeyValueStore } from '../../state/key-value-store.js';
import type { GraphNode } from '../../topology/graph.js';
import type { KStream, KTable } from '../kstream.js';
import type { TableOptions } from '../options.js';
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
  return new KTableImpl<K, V>(from.scope, node);
}

export class KTableImpl<K extends StateKey, V> implements KTable<K, V> {
  /** @internal Tables come from StreamBuilder.table() and KStream.toTable(). */
  constructor(
    readonly scope: DslScope,
    readonly node: GraphNode,
  ) {}

  private then<V2>(kind: string, create: (next: Processor) => Processor): KTable<K, V2> {
    const node = this.scope.graph.add(kind, { type: 'processor', create: (w) => create(w.output(0)) }, [this.node]);
    return new KTableImpl<K, V2>(this.scope, node);
  }

  filter(keep: (value: V, key: K) => boolean): KTable<K, V> {
    return this.then('table-filter', (next) => new TableFilterProcessor(erase(keep), next));
  }

  mapValues<V2>(fn: (value: V, key: K) => V2): KTable<K, V2> {
    return this.then('table-map-values', (next) => new TableMapValuesProcessor(erase(fn), next));
  }

  toStream(): KStream<K, V | null> {
    return this.scope.stream(this.node, false);
  }
}
