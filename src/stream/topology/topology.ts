import type { Serde } from '../serde.js';
import { READS_STORE_PORT, type GraphBuilder } from './graph.js';
import { planSubtopologies, type Plan, type PlanOptions } from './plan.js';
import { splitIntoSubtopologies, type Subtopology } from './subtopology.js';

export type { Subtopology } from './subtopology.js';

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

  /** Resolves internal topic names and partition counts for one application; tasks are created from it with createTask(). */
  plan(options: PlanOptions): Plan {
    return planSubtopologies(this.subtopologies, options);
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
        if (spec.type === 'stateful' && spec.stores.length > 0) detail = ` stores: ${spec.stores.map((s) => `${s.name} (${s.kind})`).join(', ')}`;
        const next = node.children.map((c) => (c.port === 0 ? c.node.name : `${c.node.name} ${c.port === READS_STORE_PORT ? '[reads rows]' : '[late]'}`));
        lines.push(`  ${node.kind} ${node.name}${detail}${next.length > 0 ? ` --> ${next.join(', ')}` : ''}`);
      }
    }
    return lines.join('\n');
  }
}
