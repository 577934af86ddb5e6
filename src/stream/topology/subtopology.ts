import { connectedGroups } from './connected-groups.js';
import type { GraphNode, StoreSpec, TopicSpec } from './graph.js';

/** A connected part of the topology: one task per input partition runs it, owning that partition's state. */
export interface Subtopology {
  readonly index: number;
  /** `sub-<index>`; names the changelog topic. */
  readonly name: string;
  readonly nodes: readonly GraphNode[];
  readonly sources: readonly TopicSpec[];
  readonly stores: readonly StoreSpec[];
  /** Writes to a repartition topic, so it must checkpoint its sequence number. */
  readonly feedsRepartition: boolean;
}

/** Nodes joined by an edge run in one sub-topology; repartition topics are the only cuts. */
export function splitIntoSubtopologies(nodes: readonly GraphNode[]): Subtopology[] {
  const edges = nodes.flatMap((node) => node.children.map((child) => [node.id, child.node.id] as const));
  return connectedGroups(nodes, edges).map((group, index) => ({
    index,
    name: `sub-${index}`,
    nodes: group,
    sources: group.flatMap((n) => (n.spec.type === 'source' ? [n.spec] : [])),
    stores: group.flatMap((n) => (n.spec.type === 'stateful' ? n.spec.stores : [])),
    feedsRepartition: group.some((n) => n.spec.type === 'sink' && n.spec.internal),
  }));
}
