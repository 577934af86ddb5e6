import { ErrorCode } from '../../protocol/error-codes.js';
import { Writer } from '../../protocol/writer.js';
import type { LegacyGroups } from '../groups/legacy-groups.js';
import type { GroupDescription, GroupListing } from '../groups/summaries.js';
import type { ZnodeTree } from './tree.js';

/**
 * The groups of Kafka 0.8's high-level consumer (ZookeeperConsumerConnector, the engine of the
 * 0.8–0.10 console consumer with --zookeeper and of Spark's createStream), as they keep
 * themselves in ZooKeeper: members under /consumers/<group>/ids, partition owners under
 * /consumers/<group>/owners/<topic>/<partition>, offsets under
 * /consumers/<group>/offsets/<topic>/<partition>. Those clients coordinate among themselves
 * through the tree; this view lets the broker's Kafka side (OffsetFetch, ListGroups,
 * DescribeGroups) show them, as Kafka 0.8.2's OffsetFetch v0 read offsets from ZooKeeper.
 */
export class ZooKeeperConsumerGroups implements LegacyGroups {
  constructor(private readonly tree: ZnodeTree) {}

  /** Groups that have a member or a stored offset (an empty /consumers/<group> left behind is not a group). */
  ids(): string[] {
    return this.children('/consumers').filter((g) => this.has(g));
  }

  /** Looks at this group's znodes only: OffsetFetch and DescribeGroups ask it of every group the coordinator does not hold. */
  has(groupId: string): boolean {
    return this.members(groupId).length > 0 || this.offsets(groupId).size > 0;
  }

  /** topic → partition → the next offset to read, as the connector stores it (a decimal string). */
  offsets(groupId: string): Map<string, Map<number, number>> {
    const out = new Map<string, Map<number, number>>();
    const base = `/consumers/${groupId}/offsets`;
    for (const topic of this.children(base)) {
      const partitions = new Map<number, number>();
      for (const p of this.children(`${base}/${topic}`)) {
        const offset = Number(this.tree.getData(`${base}/${topic}/${p}`).data?.toString('utf8'));
        if (/^\d+$/.test(p) && Number.isSafeInteger(offset) && offset >= 0) partitions.set(Number(p), offset);
      }
      if (partitions.size > 0) out.set(topic, partitions);
    }
    return out;
  }

  listing(groupId: string): GroupListing {
    return { groupId, protocolType: PROTOCOL_TYPE, groupState: this.members(groupId).length > 0 ? 'Stable' : 'Empty' };
  }

  /** Each registered consumer as a member, with the partitions its threads own as its assignment. */
  describe(groupId: string): GroupDescription {
    const members = this.members(groupId);
    const owned = this.owners(groupId);
    return {
      errorCode: ErrorCode.NONE,
      groupId,
      groupState: members.length > 0 ? 'Stable' : 'Empty',
      protocolType: PROTOCOL_TYPE,
      protocolData: '',
      members: members.map((consumerId) => ({
        memberId: consumerId,
        groupInstanceId: null,
        clientId: consumerId,
        clientHost: '',
        memberMetadata: Buffer.alloc(0),
        memberAssignment: assignment(owned.get(consumerId) ?? new Map()),
      })),
    };
  }

  private members(groupId: string): string[] {
    return this.children(`/consumers/${groupId}/ids`);
  }

  /** consumer id → topic → partitions. An owner node holds the thread id, `<consumer id>-<thread>`. */
  private owners(groupId: string): Map<string, Map<string, number[]>> {
    const members = this.members(groupId);
    const out = new Map<string, Map<string, number[]>>();
    const base = `/consumers/${groupId}/owners`;
    for (const topic of this.children(base)) {
      for (const p of this.children(`${base}/${topic}`)) {
        const thread = this.tree.getData(`${base}/${topic}/${p}`).data?.toString('utf8') ?? '';
        const consumer = members.find((m) => thread.startsWith(`${m}-`));
        if (consumer === undefined || !/^\d+$/.test(p)) continue;
        const topics = out.get(consumer) ?? new Map<string, number[]>();
        topics.set(topic, [...(topics.get(topic) ?? []), Number(p)].sort((a, b) => a - b));
        out.set(consumer, topics);
      }
    }
    return out;
  }

  private children(path: string): string[] {
    return this.tree.has(path) ? [...this.tree.getChildren(path).children].sort() : [];
  }
}

/** What DescribeGroups and ListGroups give as these groups' protocol type: they speak no Kafka group protocol. */
const PROTOCOL_TYPE = 'zookeeper';

/** The consumer protocol's assignment (version 0: the topics with their partitions, no user data), as the Kafka side decodes member assignments. */
function assignment(topics: Map<string, number[]>): Buffer {
  const w = new Writer().int16(0).int32(topics.size);
  for (const [topic, partitions] of topics) {
    w.string(topic).int32(partitions.length);
    for (const p of partitions) w.int32(p);
  }
  return w.int32(-1).toBuffer();
}
