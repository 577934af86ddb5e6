import { TopologyError } from '../errors.js';
import { SourceNode } from '../processors/source.js';
import { RepartitionSinkProcessor, SinkProcessor } from '../processors/sink.js';
import { combineEmitters, combineProcessors, type Processor, type ResultEmitter } from '../processors/processor.js';
import type { TaskContext } from '../task/task-context.js';
import type { GraphNode, Wiring } from './graph.js';
import type { Subtopology } from './topology.js';

/** Builds one task's processor chain for a sub-topology; returns its sources by resolved topic name. */
export function instantiate(sub: Subtopology, ctx: TaskContext): Map<string, SourceNode> {
  const built = new Map<GraphNode, Processor>();
  const resolve = (topic: string, internal: boolean): string => (internal ? ctx.internalTopic(topic) : topic);

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
      case 'sink':
        processor = spec.internal
          ? new RepartitionSinkProcessor(ctx, resolve(spec.topic, true), spec.keySerde, spec.valueSerde)
          : new SinkProcessor(ctx, spec.topic, spec.keySerde, spec.valueSerde);
        break;
      case 'source':
      case 'emitter':
        throw new TopologyError(`${spec.type} node ${node.name} cannot sit inside a chain; build topologies with StreamBuilder`);
    }
    built.set(node, processor);
    return processor;
  }

  const sources = new Map<string, SourceNode>();
  for (const node of sub.nodes) {
    if (node.spec.type !== 'source') continue;
    const topic = resolve(node.spec.topic, node.spec.internal);
    sources.set(topic, new SourceNode(ctx, topic, node.spec.internal, node.spec.keySerde, node.spec.valueSerde, childrenOn(node, 0)));
  }
  return sources;
}
