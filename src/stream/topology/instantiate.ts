import { TopologyError } from '../errors.js';
import { SourceNode } from '../processors/source.js';
import { RepartitionSinkProcessor, SinkProcessor } from '../processors/sink.js';
import { combineEmitters, combineProcessors, type Processor, type ResultEmitter } from '../processors/processor.js';
import type { TaskContext } from '../task/task-context.js';
import type { GraphNode, Wiring } from './graph.js';
import type { TaskSpec } from './plan.js';

/** Builds one task's processor chain; returns its sources by topic name as on the broker. */
export function instantiate(task: TaskSpec, ctx: TaskContext): Map<string, SourceNode> {
  const built = new Map<GraphNode, Processor>();
  const fusedReaders = new Map<string, GraphNode>();
  for (const node of task.nodes) {
    if (node.spec.type === 'source' && task.fusedTopics.has(node.spec.topic)) fusedReaders.set(node.spec.topic, node);
  }

  const childrenOn = (node: GraphNode, port: number): Processor =>
    combineProcessors(
      node.children.filter((c) => c.port === port && c.node.spec.type !== 'emitter').map((c) => processorOf(c.node)),
    );

  const wiring = (node: GraphNode): Wiring => ({
    ctx,
    order: node.id,
    output: (port) => childrenOn(node, port),
    emitter: (): ResultEmitter =>
      combineEmitters(
        node.children.flatMap((c) => (c.node.spec.type === 'emitter' ? [c.node.spec.create(childrenOn(c.node, 0))] : [])),
      ),
  });

  function processorOf(node: GraphNode): Processor {
    const existing = built.get(node);
    if (existing !== undefined) return existing;
    const spec = node.spec;
    let processor: Processor;
    switch (spec.type) {
      case 'pass':
        processor = childrenOn(node, 0);
        break;
      case 'processor':
      case 'stateful':
        processor = spec.create(wiring(node));
        break;
      case 'sink': {
        const reader = fusedReaders.get(spec.topic);
        if (reader !== undefined) processor = childrenOn(reader, 0);
        else if (spec.internal) processor = new RepartitionSinkProcessor(ctx, ctx.internalTopic(spec.topic), spec.keySerde, spec.valueSerde);
        else processor = new SinkProcessor(ctx, spec.topic, spec.keySerde, spec.valueSerde, spec.headers);
        break;
      }
      case 'source':
      case 'emitter':
        throw new TopologyError(`${spec.type} node ${node.name} cannot sit inside a chain; build topologies with StreamBuilder`);
    }
    built.set(node, processor);
    return processor;
  }

  const sources = new Map<string, SourceNode>();
  for (const s of task.nodes) {
    if (s.spec.type !== 'source' || fusedReaders.has(s.spec.topic)) continue;
    const topic = s.spec.internal ? ctx.internalTopic(s.spec.topic) : s.spec.topic;
    sources.set(topic, new SourceNode(ctx, topic, s.spec.internal, s.spec.keySerde, s.spec.valueSerde, childrenOn(s, 0), s.spec.tombstones === true));
  }
  return sources;
}
