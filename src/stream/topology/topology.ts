import type { Serde } from '../serde.js';
import type { GraphBuilder, GraphNode, StoreSpec, TopicSpec } from './graph.js';
import { Plan, type PlanOptions } from './plan.js';

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

/** The compiled, immutable job: sub-topologies, their topics and stores. Deploy it with plan(). */
export class Topology {
  readonly subtopologies: readonly Subtopology[];
  private readonly sinkSerdes = new Map<string, { key: Serde<unknown>; value: Serde<unknown> }>();

  constructor(graph: GraphBuilder) {
    this.subtopologies = splitIntoSubtopologies(graph.nodes);
    for (const node of graph.nodes) {
      if (node.spec.type === 'sink' && !node.spec.internal && !this.sinkSerdes.has(node.spec.topic)) {
        this.sinkSerdes.set(node.spec.topic, { key: node.spec.keySerde, value: node.spec.valueSerde });
      }
    }
  }

  /** Serdes of the first sink writing a user topic, for readers of the results (the test driver decodes with them). */
  outputSerdes(topic: string): { key: Serde<unknown>; value: Serde<unknown> } | undefined {
    return this.sinkSerdes.get(topic);
  }

  /** Resolves internal topic names and partition counts for one application; the runtime creates tasks from it. */
  plan(options: PlanOptions): Plan {
    return new Plan(this, options);
  }

  describe(): string {
    const lines: string[] = [];
    for (const sub of this.subtopologies) {
      lines.push(`Sub-topology ${sub.index} (${sub.name})`);
      const sourcesFirst = [...sub.nodes].sort((a, b) => Number(b.spec.type === 'source') - Number(a.spec.type === 'source') || a.id - b.id);
      for (const node of sourcesFirst) {
        const spec = node.spec;
        let detail = '';
        if (spec.type === 'source' || spec.type === 'sink') detail = ` topic: ${spec.topic}${spec.internal ? ' (internal)' : ''}`;
        if (spec.type === 'stateful') detail = ` stores: ${spec.stores.map((s) => `${s.name} (${s.kind})`).join(', ')}`;
        const next = node.children.map((c) => (c.port === 0 ? c.node.name : `${c.node.name} [late]`));
        lines.push(`  ${node.kind} ${node.name}${detail}${next.length > 0 ? ` --> ${next.join(', ')}` : ''}`);
      }
    }
    return lines.join('\n');
  }
}

function splitIntoSubtopologies(nodes: readonly GraphNode[]): Subtopology[] {
  const root = nodes.map((_, i) => i);
  const find = (i: number): number => {
    while (root[i] !== i) i = root[i] = root[root[i]!]!;
    return i;
  };
  for (const node of nodes) {
    for (const child of node.children) {
      const a = find(node.id);
      const b = find(child.node.id);
      if (a !== b) root[Math.max(a, b)] = Math.min(a, b);
    }
  }
  const groups = new Map<number, GraphNode[]>();
  for (const node of nodes) {
    const r = find(node.id);
    const group = groups.get(r);
    if (group === undefined) groups.set(r, [node]);
    else group.push(node);
  }
  return [...groups.values()].map((group, index) => ({
    index,
    name: `sub-${index}`,
    nodes: group,
    sources: group.flatMap((n) => (n.spec.type === 'source' ? [n.spec] : [])),
    stores: group.flatMap((n) => (n.spec.type === 'stateful' ? n.spec.stores : [])),
    feedsRepartition: group.some((n) => n.spec.type === 'sink' && n.spec.internal),
  }));
}
