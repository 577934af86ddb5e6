import { Admin as WireAdmin, ConfigResourceTypes, ConfigSources, FindCoordinatorKeyTypes } from '@platformatic/kafka';
import { API_SPECS, DescribeGroups } from '../protocol/apis.js';
import { errorName } from '../protocol/error-codes.js';
import { connectOptions } from './bootstrap.js';
import { assignedPartitions } from './consumer-assignment.js';
import { unknownTopicOr, UnknownTopicError } from './errors.js';
import { kafkaRequest } from './kafka-request.js';
import { tpKey, type OffsetQuery, type TopicPartition, type TopicPartitionOffset } from './messages.js';

export { UnknownTopicError } from './errors.js';

export interface PartitionDescription {
  partition: number;
  leader: number;
  replicas: number[];
  isr: number[];
}

export interface TopicDescription {
  name: string;
  id: string;
  partitions: PartitionDescription[];
}

export interface NewTopic {
  /** Default: the broker's num.partitions. */
  partitions?: number;
  /** Default: the broker's `default.replication.factor`, as Kafka's tools and Kafka Streams (KIP-733) leave it. */
  replicas?: number;
  configs?: Readonly<Record<string, string>>;
}

export interface GroupListing {
  id: string;
  /** As the broker names it: Empty, PreparingRebalance, CompletingRebalance, Stable, Dead. */
  state: string;
  protocolType: string;
}

export interface GroupMember {
  memberId: string;
  clientId: string;
  clientHost: string;
  /** The partitions the member's assignment gives it. */
  assignment: { topic: string; partitions: number[] }[];
}

export interface GroupDescription {
  id: string;
  state: string;
  protocolType: string;
  /** The assignor the group agreed on, e.g. `range`. */
  protocol: string;
  members: GroupMember[];
}

/** One partition of a group: `committed` and `lag` are null where the group has committed nothing. */
export interface PartitionLag {
  topic: string;
  partition: number;
  committed: number | null;
  end: number;
  /** End offset minus committed offset, as kafka-consumer-groups.sh --describe shows it. */
  lag: number | null;
}

/** One topic config as DescribeConfigs reports it. */
export interface ConfigEntry {
  name: string;
  /** Null for a sensitive value the broker does not reveal. */
  value: string | null;
  /** False where the broker's default applies. */
  setOnTopic: boolean;
  readOnly: boolean;
  sensitive: boolean;
}

/** A broker of the cluster, as Metadata lists it. */
export interface BrokerNode {
  nodeId: number;
  host: string;
  port: number;
}

export interface ClusterDescription {
  clusterId: string;
  controllerId: number;
  brokers: BrokerNode[];
  /** The APIs the bootstrap broker speaks, each with its highest version (ApiVersions). */
  apis: { name: string; maxVersion: number }[];
}

/** One log directory of a broker: its size per topic and, where the broker says (DescribeLogDirs v4+), its disk. */
export interface LogDirUsage {
  broker: number;
  path: string;
  /** Bytes of each topic's partitions in this directory. */
  topicBytes: Map<string, number>;
  /** Null where the broker does not report its disk (-1 in the response). */
  totalBytes: number | null;
  usableBytes: number | null;
}

export class GroupDescribeError extends Error {
  constructor(
    readonly group: string,
    code: number,
  ) {
    super(`the coordinator could not describe group "${group}": ${errorName(code)}; retry, or check the broker's log`);
    this.name = 'GroupDescribeError';
  }
}

/** ListOffsets' special timestamps. */
const LATEST = -1n;
const EARLIEST = -2n;

/** The client upper-cases the broker's state names; Kafka's tools print them as the broker says them. */
const STATE_NAMES = ['Empty', 'PreparingRebalance', 'CompletingRebalance', 'Stable', 'Dead'];
const stateName = (clientState: string): string => STATE_NAMES.find((s) => s.toUpperCase() === clientState.replaceAll('_', '')) ?? clientState;

/** Kafka's admin calls, as kafka-topics.sh and kafka-consumer-groups.sh make them, for any broker. */
export class Admin {
  readonly #wire: WireAdmin;

  constructor(bootstrap: string, clientId = 'streamdash-admin') {
    this.#wire = new WireAdmin(connectOptions(bootstrap, clientId));
  }

  async createTopic(name: string, topic: NewTopic = {}): Promise<void> {
    const configs = Object.entries(topic.configs ?? {}).map(([name, value]) => ({ name, value }));
    await this.#wire.createTopics({
      topics: [name],
      configs,
      ...(topic.replicas !== undefined && { replicas: topic.replicas }),
      ...(topic.partitions !== undefined && { partitions: topic.partitions }),
    });
  }

  async deleteTopic(name: string): Promise<void> {
    await this.#wire.deleteTopics({ topics: [name] });
  }

  listTopics(options: { includeInternal?: boolean } = {}): Promise<string[]> {
    return this.#wire.listTopics({ includeInternals: !!options.includeInternal });
  }

  /** A topic's partitions, leaders and replicas, as `kafka-topics.sh --describe` lists them. */
  async describeTopic(name: string): Promise<TopicDescription> {
    const metadata = await this.#wire.metadata({ topics: [name], autocreateTopics: false, forceUpdate: true }).catch((error: unknown) => {
      throw unknownTopicOr(error, name);
    });
    const topic = metadata.topics.get(name);
    if (!topic) throw new UnknownTopicError(name);
    return {
      name,
      id: topic.id,
      partitions: topic.partitions.map((p, partition) => ({ partition, leader: p.leader, replicas: p.replicas, isr: p.isr })),
    };
  }

  /** The partition count of each topic, in one metadata request. */
  async partitionCounts(topics: readonly string[]): Promise<Map<string, number>> {
    if (topics.length === 0) return new Map();
    const metadata = await this.#wire.metadata({ topics: [...topics] });
    return new Map(topics.map((t) => [t, metadata.topics.get(t)?.partitions.length ?? 0]));
  }

  /** Per partition, the offset the query names; -1 where no record is at or after the time asked. */
  async listOffsets(partitions: readonly TopicPartition[], query: OffsetQuery): Promise<TopicPartitionOffset[]> {
    if (partitions.length === 0) return [];
    const timestamp = query === 'latest' ? LATEST : query === 'earliest' ? EARLIEST : BigInt(query.atTime);
    const byTopic = new Map<string, number[]>();
    for (const { topic, partition } of partitions) byTopic.set(topic, [...(byTopic.get(topic) ?? []), partition]);
    const listed = await this.#wire.listOffsets({
      topics: [...byTopic].map(([name, ps]) => ({ name, partitions: ps.map((partitionIndex) => ({ partitionIndex, timestamp })) })),
    });
    return listed.flatMap((t) => t.partitions.map((p) => ({ topic: t.name, partition: p.partitionIndex, offset: Number(p.offset) })));
  }

  async listGroups(): Promise<GroupListing[]> {
    return [...(await this.#wire.listGroups()).values()].map((g) => ({ id: g.id, state: stateName(String(g.state)), protocolType: g.protocolType }));
  }

  /**
   * DescribeGroups goes through our own codec: @platformatic/kafka 1.35 misreads
   * assignments whose user data is null (as Java consumers send them) and crashes the process.
   */
  async describeGroup(groupId: string): Promise<GroupDescription> {
    const [coordinator] = await this.#wire.findCoordinator({ keyType: FindCoordinatorKeyTypes.GROUP, keys: [groupId] });
    if (coordinator === undefined) throw new GroupDescribeError(groupId, -1);
    const response = (await kafkaRequest(coordinator.host, coordinator.port, DescribeGroups, 1, { groups: [groupId] })) as { groups: DescribedGroup[] };
    const group = response.groups[0];
    if (group === undefined) throw new GroupDescribeError(groupId, -1);
    if (group.errorCode !== 0) throw new GroupDescribeError(groupId, group.errorCode);
    return {
      id: groupId,
      state: group.groupState,
      protocolType: group.protocolType,
      protocol: group.protocolData,
      members: group.members.map((m) => ({ memberId: m.memberId, clientId: m.clientId, clientHost: m.clientHost, assignment: assignedPartitions(m.memberAssignment) })),
    };
  }

  /** Each group's committed offsets (partitions with none are left out). */
  async committedOffsets(groups: readonly string[]): Promise<Map<string, TopicPartitionOffset[]>> {
    const out = new Map<string, TopicPartitionOffset[]>(groups.map((g) => [g, []]));
    if (groups.length === 0) return out;
    for (const g of await this.#wire.listConsumerGroupOffsets({ groups: [...groups] })) {
      const list = out.get(g.groupId) ?? [];
      for (const t of g.topics) {
        for (const p of t.partitions) if (p.committedOffset >= 0n) list.push({ topic: t.name, partition: p.partitionIndex, offset: Number(p.committedOffset) });
      }
      out.set(g.groupId, list);
    }
    return out;
  }

  /**
   * Per partition the group has committed, or that `also` names (the partitions its members hold),
   * the committed offset, the log end offset and the lag, sorted by topic and partition.
   */
  async groupLag(groupId: string, also: readonly TopicPartition[] = []): Promise<PartitionLag[]> {
    const rows = new Map<string, PartitionLag>();
    for (const { topic, partition } of also) rows.set(tpKey(topic, partition), { topic, partition, committed: null, end: -1, lag: null });
    for (const c of (await this.committedOffsets([groupId])).get(groupId) ?? []) {
      rows.set(tpKey(c.topic, c.partition), { topic: c.topic, partition: c.partition, committed: c.offset, end: -1, lag: null });
    }
    for (const end of await this.listOffsets([...rows.values()], 'latest')) {
      const row = rows.get(tpKey(end.topic, end.partition));
      if (row === undefined) continue;
      row.end = end.offset;
      if (row.committed !== null) row.lag = Math.max(0, end.offset - row.committed);
    }
    return [...rows.values()].sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
  }

  /** A topic's configs, as `kafka-configs.sh --describe --all` lists them, sorted by name. */
  async topicConfigs(topic: string): Promise<ConfigEntry[]> {
    const [described] = await this.#wire.describeConfigs({ resources: [{ resourceType: ConfigResourceTypes.TOPIC, resourceName: topic }] }).catch((error: unknown) => {
      throw unknownTopicOr(error, topic);
    });
    return (described?.configs ?? [])
      .map((c) => ({ name: c.name, value: c.value ?? null, setOnTopic: c.configSource === ConfigSources.TOPIC_CONFIG, readOnly: c.readOnly, sensitive: c.isSensitive }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** The cluster's id, controller and brokers, and the APIs the broker speaks: what `kafka-broker-api-versions.sh` shows. */
  async describeCluster(): Promise<ClusterDescription> {
    const metadata = await this.#wire.metadata({ topics: [], forceUpdate: true });
    const apis = await this.#wire.listApis();
    return {
      clusterId: metadata.id,
      controllerId: metadata.controllerId,
      brokers: [...metadata.brokers].map(([nodeId, b]) => ({ nodeId, host: b.host, port: b.port })).sort((a, b) => a.nodeId - b.nodeId),
      // By our own schemas' names: the library names only the APIs it knows, and a newer broker speaks more.
      apis: apis.map((a) => ({ name: API_SPECS.get(a.apiKey)?.name ?? `api ${a.apiKey}`, maxVersion: a.maxVersion })).sort((a, b) => a.name.localeCompare(b.name)),
    };
  }

  /** A broker's configs (DescribeConfigs on the BROKER resource), by name; null for a sensitive value. */
  async brokerConfigs(nodeId: number): Promise<Map<string, string | null>> {
    const [described] = await this.#wire.describeConfigs({ resources: [{ resourceType: ConfigResourceTypes.BROKER, resourceName: String(nodeId) }] });
    return new Map((described?.configs ?? []).map((c) => [c.name, c.value ?? null]));
  }

  /** Each broker's log directories with the bytes of every partition of `topics` (all of them: pass every topic). */
  async logDirs(topics: ReadonlyMap<string, number>): Promise<LogDirUsage[]> {
    const request = [...topics].map(([name, count]) => ({ name, partitions: Array.from({ length: count }, (_, i) => i) }));
    const described = await this.#wire.describeLogDirs({ topics: request });
    const bytesOrNull = (b: bigint) => (b < 0n ? null : Number(b));
    return described.flatMap((d) =>
      d.results.map((r) => ({
        broker: d.broker,
        path: r.logDir,
        topicBytes: new Map(r.topics.map((t) => [t.name, t.partitions.reduce((n, p) => n + Number(p.partitionSize), 0)])),
        totalBytes: bytesOrNull(r.totalBytes),
        usableBytes: bytesOrNull(r.usableBytes),
      })),
    );
  }

  /** Sets a group's committed offsets; Kafka refuses it while the group has members. */
  async alterGroupOffsets(groupId: string, offsets: readonly TopicPartitionOffset[]): Promise<void> {
    const byTopic = new Map<string, { partition: number; offset: bigint }[]>();
    for (const o of offsets) byTopic.set(o.topic, [...(byTopic.get(o.topic) ?? []), { partition: o.partition, offset: BigInt(o.offset) }]);
    await this.#wire.alterConsumerGroupOffsets({ groupId, topics: [...byTopic].map(([name, partitionOffsets]) => ({ name, partitionOffsets })) });
  }

  /** Deletes a group and its committed offsets; Kafka refuses it while the group has members. */
  async deleteGroup(groupId: string): Promise<void> {
    await this.#wire.deleteGroups({ groups: [groupId] });
  }

  close(): Promise<void> {
    return this.#wire.close();
  }
}

interface DescribedGroup {
  errorCode: number;
  groupState: string;
  protocolType: string;
  protocolData: string;
  members: { memberId: string; clientId: string; clientHost: string; memberAssignment: Buffer }[];
}

export function createAdmin(bootstrap: string, clientId = 'streamdash-admin'): Admin {
  return new Admin(bootstrap, clientId);
}
