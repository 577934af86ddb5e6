import { NotCoPartitionedError, PartitionCountError, TopologyError, UnknownInputError } from '../errors.js';
import { internalTopicName } from '../internal-topics.js';
import { connectedGroups } from './connected-groups.js';
import type { RepartitionSpec } from './graph.js';
import type { Subtopology } from './subtopology.js';

export interface PlanOptions {
  /** Prefix of internal topics and the consumer group id, as Kafka Streams' application.id. */
  readonly applicationId: string;
  /** Partition count of each user topic the job reads. */
  readonly partitions: (topic: string) => number;
  /**
   * Joins a one-partition sub-topology to the one-partition sub-topology reading its
   * repartition topic, so records pass in memory: with one partition on both sides the
   * topic moves no key anywhere. Default true; false keeps every repartition topic.
   */
  readonly fuseSinglePartition?: boolean;
}

/** What one task runs: one sub-topology, or several fused across repartition topics they no longer use. */
export interface TaskSpec extends Subtopology {
  /** Repartition topics (unprefixed) whose sink feeds their reader directly. */
  readonly fusedTopics: ReadonlySet<string>;
}

export interface PlannedSubtopology {
  readonly index: number;
  /** `sub-<n>`, n the first sub-topology it holds; names the changelog topic. */
  readonly name: string;
  /** Indexes of the Topology's sub-topologies this one runs. */
  readonly holds: readonly number[];
  /** Topic names as on the broker (internal ones prefixed). */
  readonly inputTopics: readonly string[];
  /** One task per partition. */
  readonly partitions: number;
  readonly changelogTopic: string | undefined;
  /** What each of its tasks runs. */
  readonly spec: TaskSpec;
}

export interface InternalTopic {
  readonly name: string;
  readonly partitions: number;
  readonly purpose: 'repartition' | 'changelog';
}

/** A topology deployed under one application id, with every topic's partition count known. */
export class Plan {
  private readonly readers = new Map<string, PlannedSubtopology>();

  /** @internal Plans come from Topology.plan(). */
  constructor(
    readonly applicationId: string,
    readonly subtopologies: readonly PlannedSubtopology[],
    readonly internalTopics: readonly InternalTopic[],
    private readonly partitionCounts: ReadonlyMap<string, number>,
  ) {
    for (const sub of subtopologies) for (const topic of sub.inputTopics) this.readers.set(topic, sub);
  }

  partitionsOf(topic: string): number {
    const count = this.partitionCounts.get(topic);
    if (count === undefined) {
      throw new UnknownInputError(
        `no sub-topology of application "${this.applicationId}" reads topic "${topic}"; the topics it reads are ${[...this.partitionCounts.keys()].join(', ')}`,
      );
    }
    return count;
  }

  /** The sub-topology whose tasks read `topic`, for routing fetched records. */
  subtopologyOf(topic: string): PlannedSubtopology | undefined {
    return this.readers.get(topic);
  }
}

/**
 * Resolves internal topic names and partition counts, and fuses one-partition
 * sub-topologies across their repartition topics. It only computes: tasks are made from
 * the plan by createTask(), topics on a broker by the runtime.
 */
export function planSubtopologies(subtopologies: readonly Subtopology[], options: PlanOptions): Plan {
  const resolver = new PartitionResolver(subtopologies, options.partitions);
  const partitionsOf = subtopologies.map((sub) => resolver.ofSubtopology(sub));
  const fused = options.fuseSinglePartition === false ? new Set<string>() : resolver.singlePartitionRepartitions();
  const internal = (name: string): string => internalTopicName(options.applicationId, name);
  const internalTopics: InternalTopic[] = [];
  const partitionCounts = new Map<string, number>();
  const planned = fuse(subtopologies, fused).map((spec): PlannedSubtopology => {
    const holds = subtopologies.filter((sub) => spec.nodes.includes(sub.nodes[0]!)).map((sub) => sub.index);
    const partitions = Math.max(...holds.map((i) => partitionsOf[i]!));
    const inputTopics = spec.sources.map((s) => (s.internal ? internal(s.topic) : s.topic));
    const keepsChangelog = spec.stores.length > 0 || spec.feedsRepartition;
    const changelogTopic = keepsChangelog ? internal(`${spec.name}-changelog`) : undefined;
    for (const s of spec.sources) if (s.internal) internalTopics.push({ name: internal(s.topic), partitions, purpose: 'repartition' });
    if (changelogTopic !== undefined) internalTopics.push({ name: changelogTopic, partitions, purpose: 'changelog' });
    spec.sources.forEach((s, i) => partitionCounts.set(inputTopics[i]!, s.internal ? partitions : options.partitions(s.topic)));
    return { index: spec.index, name: spec.name, holds, inputTopics, partitions, changelogTopic, spec };
  });
  return new Plan(options.applicationId, planned, internalTopics, partitionCounts);
}

/** Sub-topologies joined by a fused repartition topic run as one task. */
function fuse(subtopologies: readonly Subtopology[], fusedTopics: ReadonlySet<string>): TaskSpec[] {
  const readerOf = new Map<string, number>();
  for (const sub of subtopologies) for (const s of sub.sources) if (s.internal) readerOf.set(s.topic, sub.index);
  const links = subtopologies.flatMap((sub) =>
    sub.nodes.flatMap((node) => (node.spec.type === 'sink' && fusedTopics.has(node.spec.topic) ? [[sub.index, readerOf.get(node.spec.topic)!] as const] : [])),
  );
  return connectedGroups(subtopologies, links).map((members, index) => {
    const nodes = members.flatMap((m) => m.nodes).sort((a, b) => a.id - b.id);
    return {
      index,
      name: members[0]!.name,
      nodes,
      sources: members.flatMap((m) => m.sources).filter((s) => !fusedTopics.has(s.topic)),
      stores: members.flatMap((m) => m.stores),
      feedsRepartition: nodes.some((n) => n.spec.type === 'sink' && n.spec.internal && !fusedTopics.has(n.spec.topic)),
      fusedTopics,
    };
  });
}

interface TopicWidth {
  readonly topic: string;
  readonly partitions: number;
}

/**
 * Keyed state is only right if a key lands in the same partition number on every input, so
 * the inputs of a stateful sub-topology must have one width (Kafka Streams' co-partitioning).
 * Repartition topics without a width of their own take the one of the other inputs, or, when
 * all are such, the widest of their writers', as in Kafka Streams.
 */
function coPartitioned(sub: Subtopology, fixed: readonly TopicWidth[], flexible: readonly TopicWidth[]): number {
  const width = fixed[0]?.partitions;
  if (width === undefined) return Math.max(...flexible.map((c) => c.partitions));
  if (fixed.every((c) => c.partitions === width)) return width;
  const join = sub.nodes.find((n) => n.kind.endsWith('-join'));
  if (join !== undefined) throw new NotCoPartitionedError(join.name, fixed);
  throw new PartitionCountError(
    `sub-topology ${sub.index} keeps state but reads ${fixed.map((c) => `${c.topic} (${c.partitions})`).join(', ')}, ` +
      'whose partition counts differ; give the stateful operator a partitions option so it reads one repartition topic, or recreate the topics alike',
  );
}

/**
 * A sub-topology has as many tasks as its widest input; task p reads partition p of
 * every input that has one. Inputs of a stateful sub-topology must agree (see coPartitioned).
 */
class PartitionResolver {
  private readonly writers = new Map<string, Subtopology>();
  private readonly readers = new Map<string, Subtopology>();
  private readonly repartitions = new Map<string, RepartitionSpec>();
  private readonly resolved = new Map<number, number>();
  private readonly visiting = new Set<number>();

  constructor(
    subtopologies: readonly Subtopology[],
    private readonly external: (topic: string) => number,
  ) {
    for (const sub of subtopologies) {
      for (const node of sub.nodes) {
        if (node.spec.type === 'sink' && node.spec.internal) this.writers.set(node.spec.topic, sub);
        if (node.repartition !== undefined) this.repartitions.set(node.repartition.topic, node.repartition);
      }
      for (const source of sub.sources) if (source.internal) this.readers.set(source.topic, sub);
    }
  }

  ofSubtopology(sub: Subtopology): number {
    const known = this.resolved.get(sub.index);
    if (known !== undefined) return known;
    if (this.visiting.has(sub.index)) {
      throw new TopologyError(
        `sub-topology ${sub.index} reads a repartition topic fed by itself, so its partition count is undefined; give that stateful operator a partitions option`,
      );
    }
    this.visiting.add(sub.index);
    // Fixed: user topics and repartition topics given a width. Flexible: repartition topics sized by the plan.
    const fixed: TopicWidth[] = [];
    const flexible: TopicWidth[] = [];
    for (const s of sub.sources) {
      const explicit = s.internal ? this.repartitions.get(s.topic)!.partitions : this.ofExternal(s.topic);
      if (explicit !== undefined) fixed.push({ topic: s.topic, partitions: explicit });
      else flexible.push({ topic: s.topic, partitions: this.ofSubtopology(this.writers.get(s.topic)!) });
    }
    this.visiting.delete(sub.index);
    const count = sub.stores.length > 0 ? coPartitioned(sub, fixed, flexible) : Math.max(...[...fixed, ...flexible].map((c) => c.partitions));
    this.resolved.set(sub.index, count);
    return count;
  }

  /** Repartition topics with one partition written by a sub-topology with one partition. */
  singlePartitionRepartitions(): Set<string> {
    const topics = new Set<string>();
    for (const [topic, writer] of this.writers) {
      if (this.ofRepartition(topic) === 1 && this.ofSubtopology(writer) === 1) topics.add(topic);
    }
    return topics;
  }

  private ofRepartition(topic: string): number {
    return this.repartitions.get(topic)!.partitions ?? this.ofSubtopology(this.readers.get(topic)!);
  }

  private ofExternal(topic: string): number {
    const count = this.external(topic);
    if (!Number.isInteger(count) || count < 1) {
      throw new PartitionCountError(`topic "${topic}" has ${count} partitions; create it with at least one before planning the job`);
    }
    return count;
  }
}
