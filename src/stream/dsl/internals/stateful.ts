import { toMillis } from '../../duration.js';
import { TopologyError } from '../../errors.js';
import type { CheckpointedOperator, Processor, TimeDriven } from '../../processors/processor.js';
import { serdes, type Serde } from '../../serde.js';
import type { GraphBuilder, GraphNode, StoreSpec, Wiring } from '../../topology/graph.js';
import type { StatefulOptions, TimeOptions } from '../options.js';

export interface ResolvedTime {
  readonly eventTime: boolean;
  readonly lateness: number;
}

export function resolveTime(options: TimeOptions<unknown, unknown>, operator: string): ResolvedTime {
  const eventTime = (options.time ?? 'processing') === 'event';
  if (!eventTime && (options.lateness !== undefined || options.late !== undefined)) {
    throw new TopologyError(
      `${operator}: lateness and late outputs apply to event time, where records can arrive out of order; add time: 'event' or drop them`,
    );
  }
  return { eventTime, lateness: options.lateness === undefined ? 0 : toMillis(options.lateness, `${operator} lateness`) };
}

export interface StatefulNodeSpec {
  readonly kind: string;
  readonly parent: GraphNode;
  /** The stream's key differs from the one its records were partitioned by. */
  readonly keyChanged: boolean;
  readonly options: StatefulOptions<unknown, unknown> & TimeOptions<unknown, unknown>;
  readonly stores: (name: string) => readonly StoreSpec[];
  readonly create: (name: string, w: Wiring) => Processor;
}

/** Adds a stateful operator, behind a repartition topic when its key changed, with its late output if asked. */
export function addStatefulNode(graph: GraphBuilder, spec: StatefulNodeSpec): GraphNode {
  const { options } = spec;
  if (options.partitions !== undefined && (!Number.isInteger(options.partitions) || options.partitions < 1)) {
    throw new TopologyError(`${spec.kind}: partitions must be a whole number of at least 1, got ${options.partitions}`);
  }
  const name = graph.nameFor(spec.kind, options.name);
  const node = graph.add(
    spec.kind,
    { type: 'stateful', stores: spec.stores(name), create: (w) => spec.create(name, w) },
    [spec.parent],
    { name },
  );
  node.inputSerdes = { key: keySerdeOf(options), value: options.valueSerde ?? serdes.json() };
  if (spec.keyChanged || options.partitions !== undefined) graph.insertRepartition(node, options.partitions);
  if (options.late !== undefined) {
    const late = typeof options.late === 'string' ? { topic: options.late } : options.late;
    graph.add(
      'late-sink',
      { type: 'sink', topic: late.topic, internal: false, keySerde: late.key ?? serdes.json(), valueSerde: late.value ?? serdes.json() },
      [node],
      { port: 1, name: `${name}-late-sink` },
    );
  }
  return node;
}

export function keySerdeOf(options: StatefulOptions<unknown, unknown>): Serde<unknown> {
  return options.keySerde ?? serdes.json();
}

/** Registers a stateful operator with its task, for checkpoints and for the clock. */
export function registerOperator<P extends Processor & TimeDriven & CheckpointedOperator>(w: Wiring, op: P): P {
  w.ctx.addOperator(op);
  w.ctx.addTimeDriven(w.order, op);
  return op;
}
