import { TopologyError } from '../errors.js';
import type { Processor, ResultEmitter } from '../processors/processor.js';
import type { Serde } from '../serde.js';
import type { StoreKind } from '../state/state-store.js';
import type { TaskContext } from '../task/task-context.js';

/** What a node's factory gets when a task is built: its context and its already-built children. */
export interface Wiring {
  readonly ctx: TaskContext;
  /** The node's position in the DSL; orders time-driven operators upstream first. */
  readonly order: number;
  /** Children on a port, as one processor (port 0: main output; port 1: late records). */
  output(port: number): Processor;
  /** Result emitters attached to a stateful node, as one emitter. */
  emitter(): ResultEmitter;
}

export interface StoreSpec {
  readonly name: string;
  readonly kind: StoreKind;
}

export interface TopicSpec {
  readonly topic: string;
  /** Internal topics get the application id as prefix when a plan is made. */
  readonly internal: boolean;
  readonly keySerde: Serde<unknown>;
  readonly valueSerde: Serde<unknown>;
}

export type NodeSpec =
  /** `tombstones`: a table's source, where a null value deletes its key and must reach the chain. */
  | ({ readonly type: 'source'; readonly tombstones?: boolean } & TopicSpec)
  | ({ readonly type: 'sink'; readonly headers?: HeaderFn } & TopicSpec)
  | { readonly type: 'processor'; create(w: Wiring): Processor }
  | { readonly type: 'stateful'; readonly stores: readonly StoreSpec[]; create(w: Wiring): Processor }
  | { readonly type: 'emitter'; create(next: Processor): ResultEmitter }
  /** Passes records on unchanged: merge points and branch outputs. */
  | { readonly type: 'pass' };

/** Headers for a record written by a sink, computed from its value and key. */
export type HeaderFn = (value: unknown, key: unknown) => Readonly<Record<string, string>>;

export interface RepartitionSpec {
  readonly topic: string;
  partitions: number | undefined;
}

export class GraphNode {
  readonly children: Array<{ readonly port: number; readonly node: GraphNode }> = [];
  readonly parents: GraphNode[] = [];
  /** Stateful nodes: the repartition topic in front of them, when they have one. */
  repartition: RepartitionSpec | undefined;
  /** Stateful nodes: serdes for the repartition topic in front of them. */
  inputSerdes: { readonly key: Serde<unknown>; readonly value: Serde<unknown> } | undefined;

  constructor(
    readonly id: number,
    readonly name: string,
    readonly kind: string,
    readonly spec: NodeSpec,
  ) {}
}

/**
 * The port of an edge from a table to an operator that reads the table's rows (a join): no
 * record travels on it, it only keeps the two in one sub-topology, so they share a task.
 */
export const READS_STORE_PORT = -1;

/** The DSL's mutable graph; a Topology is compiled from it. */
export class GraphBuilder {
  readonly nodes: GraphNode[] = [];
  private readonly names = new Set<string>();
  private readonly sourceTopics = new Set<string>();
  private frozen = false;

  /** The name the next node gets: the user's, or kind and position, e.g. `count-0004`. */
  nameFor(kind: string, name: string | undefined): string {
    return name ?? `${kind}-${String(this.nodes.length).padStart(4, '0')}`;
  }

  /** A compiled Topology shares these nodes, so the graph must not change under it. */
  freeze(): void {
    this.frozen = true;
  }

  add(kind: string, spec: NodeSpec, parents: readonly GraphNode[], options: { name?: string; port?: number } = {}): GraphNode {
    if (this.frozen) {
      throw new TopologyError('this StreamBuilder has been built already; describe further jobs with a new StreamBuilder');
    }
    if (spec.type === 'source' && this.sourceTopics.has(spec.topic)) {
      throw new TopologyError(`topic "${spec.topic}" is read twice; read it once and reuse the stream (or merge streams)`);
    }
    const id = this.nodes.length;
    const name = this.nameFor(kind, options.name);
    if (this.names.has(name)) {
      throw new TopologyError(`two operators are named "${name}"; operator names must be unique within a job`);
    }
    if (spec.type === 'source') this.sourceTopics.add(spec.topic);
    this.names.add(name);
    const node = new GraphNode(id, name, kind, spec);
    for (const parent of parents) link(parent, node, options.port ?? 0);
    this.nodes.push(node);
    return node;
  }

  /**
   * Puts a repartition topic between a stateful node and its first parent, so that each
   * key's records reach the one task owning that key's state.
   */
  insertRepartition(node: GraphNode, partitions: number | undefined): void {
    const parent = node.parents[0]!;
    const edge = parent.children.findIndex((c) => c.node === node);
    parent.children.splice(edge, 1);
    node.parents.shift();
    const topic = `${node.name}-repartition`;
    const serdes = node.inputSerdes!;
    const spec = { topic, internal: true, keySerde: serdes.key, valueSerde: serdes.value };
    this.add('repartition-sink', { type: 'sink', ...spec }, [parent], { name: `${node.name}-repartition-sink` });
    const source = this.add('repartition-source', { type: 'source', ...spec }, [], { name: `${node.name}-repartition-source` });
    link(source, node, 0);
    node.repartition = { topic, partitions };
  }

  /** collect() and topK() rank or gather all keys at once, so every key of the stateful node must live in one task. */
  requireSingleTask(node: GraphNode, what: string): void {
    if (node.repartition === undefined) {
      this.insertRepartition(node, 1);
      return;
    }
    if (node.repartition.partitions !== undefined && node.repartition.partitions !== 1) {
      throw new TopologyError(
        `${what} needs every key of "${node.name}" in one task, but its input was given partitions: ${node.repartition.partitions}; drop that option`,
      );
    }
    node.repartition.partitions = 1;
  }
}

function link(parent: GraphNode, child: GraphNode, port: number): void {
  parent.children.push({ port, node: child });
  child.parents.push(parent);
}

/** Links a table to an operator reading its rows; see READS_STORE_PORT. */
export function linkStoreReader(table: GraphNode, reader: GraphNode): void {
  table.children.push({ port: READS_STORE_PORT, node: reader });
}
