import type { GraphBuilder, GraphNode } from '../../topology/graph.js';
import type { KStream } from '../kstream.js';

/**
 * What every DSL object of one StreamBuilder shares: the graph it adds nodes to, and how
 * a node becomes a stream again. Tables hand their results back as streams through
 * `stream`, so they need not import the stream class that creates them.
 */
export interface DslScope {
  readonly graph: GraphBuilder;
  stream<K, V>(node: GraphNode, keyChanged: boolean): KStream<K, V>;
}

/** Where a stream ends in the graph: what an operator added after it needs. */
export interface StreamEnd {
  readonly scope: DslScope;
  readonly node: GraphNode;
  /** The key is not the one the records were partitioned by; a stateful operator must repartition first. */
  readonly keyChanged: boolean;
}
