import { TopologyError } from '../errors.js';
import { serdes, type Serde } from '../serde.js';
import { GraphBuilder, type GraphNode } from '../topology/graph.js';
import { Topology } from '../topology/topology.js';
import { KStreamImpl, streamScope } from './internals/kstream.js';
import { materializeTable } from './internals/ktable.js';
import type { KStream, KTable } from './kstream.js';
import type { SourceOptions, TableSourceOptions } from './options.js';
import type { StateKey } from '../records.js';

type Topics = string | readonly string[];

/** Describes a job; build() compiles it into a Topology. Source keys are null when the producer sent none. */
export class StreamBuilder {
  private readonly graph = new GraphBuilder();
  private readonly scope = streamScope(this.graph);

  stream(topics: Topics): KStream<string | null, string>;
  stream<V>(topics: Topics, options: { readonly value: Serde<V>; readonly key?: undefined }): KStream<string | null, V>;
  stream<K, V>(topics: Topics, options: { readonly key: Serde<K>; readonly value: Serde<V> }): KStream<K | null, V>;
  stream<K>(topics: Topics, options: { readonly key: Serde<K>; readonly value?: undefined }): KStream<K | null, string>;
  stream<K, V>(topics: Topics, options: SourceOptions<K, V> = {}): KStream<K | null, V> {
    const list = typeof topics === 'string' ? [topics] : [...topics];
    if (list.length === 0) throw new TopologyError('stream() needs at least one topic');
    const keySerde = (options.key ?? serdes.string) as Serde<unknown>;
    const valueSerde = (options.value ?? serdes.string) as Serde<unknown>;
    const sources: GraphNode[] = list.map((topic) =>
      this.graph.add('source', { type: 'source', topic, internal: false, keySerde, valueSerde }, [], { name: `source-${topic}` }),
    );
    const node = sources.length === 1 ? sources[0]! : this.graph.add('merge', { type: 'pass' }, sources);
    return new KStreamImpl<K | null, V>(this.scope, node, false);
  }

  /**
   * Reads a topic (usually compacted) as a table, as Kafka Streams' builder.table(): each record
   * is its key's latest value, a tombstone (null value) deletes the key, keyless records are dropped.
   * The table's store is `<name>-store` (name default `table-<topic>`); the topic itself is its
   * changelog, so a restore replays it rather than a second copy.
   */
  table(topic: string, options?: { readonly name?: string }): KTable<string, string>;
  table<V>(topic: string, options: { readonly value: Serde<V>; readonly key?: undefined; readonly name?: string }): KTable<string, V>;
  table<K extends StateKey, V>(topic: string, options: { readonly key: Serde<K>; readonly value: Serde<V>; readonly name?: string }): KTable<K, V>;
  table<K extends StateKey, V>(topic: string, options: TableSourceOptions<K, V> = {}): KTable<K, V> {
    const keySerde = (options.key ?? serdes.string) as Serde<unknown>;
    const valueSerde = (options.value ?? serdes.string) as Serde<unknown>;
    const source = this.graph.add('source', { type: 'source', topic, internal: false, tombstones: true, keySerde, valueSerde }, [], {
      name: `source-${topic}`,
    });
    const end = { scope: this.scope, node: source, keyChanged: false };
    return materializeTable<K, V>(end, { name: options.name ?? `table-${topic}`, keySerde: options.key, valueSerde: options.value }, 'table', topic);
  }

  build(): Topology {
    if (this.graph.nodes.length === 0) throw new TopologyError('the job reads nothing; add a stream() before build()');
    this.graph.freeze();
    return new Topology(this.graph);
  }
}
