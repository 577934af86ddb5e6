import { CreateTopics, DescribeGroups, FindCoordinator, Heartbeat, JoinGroup, LeaveGroup, OffsetCommit, OffsetFetch, SyncGroup } from '../../../src/protocol/apis.js';
import { ErrorCode } from '../../../src/protocol/error-codes.js';
import { RawClient } from '../../helpers/raw-client.js';
import { decodeAssignment, encodeSubscription } from './consumer-protocol.js';

/* eslint-disable @typescript-eslint/no-explicit-any */

export async function createTopic(port: number, name: string, partitions: number): Promise<void> {
  const c = await RawClient.connect(port);
  try {
    const r = await c.request(CreateTopics, 4, {
      topics: [{ name, numPartitions: partitions, replicationFactor: 1, assignments: [], configs: [] }],
      timeoutMs: 5000,
      validateOnly: false,
    });
    if (r.topics[0].errorCode !== ErrorCode.NONE) throw new Error(`creating ${name} failed with error ${r.topics[0].errorCode}`);
  } finally {
    c.close();
  }
}

export async function describeGroup(port: number, groupId: string): Promise<any> {
  const c = await RawClient.connect(port);
  try {
    return (await c.request(DescribeGroups, 5, { groups: [groupId], includeAuthorizedOperations: false })).groups[0];
  } finally {
    c.close();
  }
}

/** Each member's partitions (`topic-partition`) while the group is Stable; null in any other state. */
export async function stableAssignments(port: number, groupId: string): Promise<Map<string, string[]> | null> {
  const d = await describeGroup(port, groupId);
  if (d.groupState !== 'Stable') return null;
  return new Map(d.members.map((m: { memberId: string; memberAssignment: Buffer }) => [m.memberId, decodeAssignment(m.memberAssignment).sort()]));
}

/** Waits until FindCoordinator names the broker, as clients do while the coordinator loads. */
export async function coordinatorReady(port: number, timeoutMs = 10000): Promise<void> {
  const c = await RawClient.connect(port);
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const r = await c.request(FindCoordinator, 4, { keyType: 0, coordinatorKeys: ['any'] });
      if (r.coordinators[0].errorCode === ErrorCode.NONE) return;
      if (Date.now() > deadline) throw new Error(`coordinator still answers error ${r.coordinators[0].errorCode} after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    c.close();
  }
}

export interface JoinOptions {
  memberId?: string;
  groupInstanceId?: string | null;
  topics?: string[];
  protocols?: { name: string; metadata: Buffer }[];
  protocolType?: string;
  sessionTimeoutMs?: number;
  rebalanceTimeoutMs?: number;
  version?: number;
}

/**
 * One group member on its own connection (a JoinGroup holds its connection's
 * later answers back, as on any Kafka broker).
 */
export class RawMember {
  memberId = '';
  generationId = -1;
  leader = '';
  protocolName = '';
  members: { memberId: string; metadata: Buffer }[] = [];

  private constructor(
    readonly client: RawClient,
    readonly groupId: string,
  ) {}

  static async connect(port: number, groupId: string): Promise<RawMember> {
    return new RawMember(await RawClient.connect(port), groupId);
  }

  /** One JoinGroup request; returns the raw response and remembers what it assigned. */
  async joinOnce(o: JoinOptions = {}): Promise<any> {
    const r = await this.client.request(JoinGroup, o.version ?? 6, {
      groupId: this.groupId,
      sessionTimeoutMs: o.sessionTimeoutMs ?? 6000,
      rebalanceTimeoutMs: o.rebalanceTimeoutMs ?? 10000,
      memberId: o.memberId ?? this.memberId,
      groupInstanceId: o.groupInstanceId ?? null,
      protocolType: o.protocolType ?? 'consumer',
      protocols: o.protocols ?? [{ name: 'range', metadata: encodeSubscription(o.topics ?? ['t']) }],
    });
    if (r.errorCode === ErrorCode.MEMBER_ID_REQUIRED) this.memberId = r.memberId;
    if (r.errorCode === ErrorCode.NONE) {
      this.memberId = r.memberId;
      this.generationId = r.generationId;
      this.leader = r.leader;
      this.protocolName = r.protocolName;
      this.members = r.members;
    }
    return r;
  }

  /** Joins as a client does: once more with the id handed out by MEMBER_ID_REQUIRED. */
  async join(o: JoinOptions = {}): Promise<any> {
    const r = await this.joinOnce(o);
    return r.errorCode === ErrorCode.MEMBER_ID_REQUIRED ? this.joinOnce(o) : r;
  }

  get isLeader(): boolean {
    return this.leader === this.memberId;
  }

  sync(assignments: { memberId: string; assignment: Buffer }[] = [], generationId = this.generationId): Promise<any> {
    return this.client.request(SyncGroup, 4, { groupId: this.groupId, generationId, memberId: this.memberId, groupInstanceId: null, assignments });
  }

  async heartbeat(generationId = this.generationId, memberId = this.memberId): Promise<number> {
    const r = await this.client.request(Heartbeat, 4, { groupId: this.groupId, generationId, memberId, groupInstanceId: null });
    return r.errorCode;
  }

  async leave(): Promise<any> {
    return this.client.request(LeaveGroup, 4, { groupId: this.groupId, members: [{ memberId: this.memberId, groupInstanceId: null }] });
  }

  /** Commits `offsets` (topic → partition → offset) and returns each partition's error code as `topic-partition` → code. */
  async commit(offsets: Record<string, Record<number, number>>, metadata: string | null = null, generationId = this.generationId): Promise<Record<string, number>> {
    const r = await this.client.request(OffsetCommit, 8, {
      groupId: this.groupId,
      generationId,
      memberId: this.memberId,
      groupInstanceId: null,
      topics: Object.entries(offsets).map(([name, ps]) => ({
        name,
        partitions: Object.entries(ps).map(([p, offset]) => ({ partitionIndex: Number(p), committedOffset: offset, committedLeaderEpoch: -1, committedMetadata: metadata })),
      })),
    });
    const out: Record<string, number> = {};
    for (const t of r.topics) for (const p of t.partitions) out[`${t.name}-${p.partitionIndex}`] = p.errorCode;
    return out;
  }

  close(): void {
    this.client.close();
  }
}

/** Committed offsets of one group through OffsetFetch v8, as `topic-partition` → { offset, metadata }; null topics asks for all. */
export async function fetchCommitted(
  port: number,
  groupId: string,
  topics: { name: string; partitionIndexes: number[] }[] | null = null,
): Promise<{ errorCode: number; offsets: Record<string, { offset: number; metadata: string | null; errorCode: number }> }> {
  const c = await RawClient.connect(port);
  try {
    const r = await c.request(OffsetFetch, 8, { groups: [{ groupId, topics }], requireStable: false });
    const g = r.groups[0];
    const offsets: Record<string, { offset: number; metadata: string | null; errorCode: number }> = {};
    for (const t of g.topics) for (const p of t.partitions) offsets[`${t.name}-${p.partitionIndex}`] = { offset: p.committedOffset, metadata: p.metadata, errorCode: p.errorCode };
    return { errorCode: g.errorCode, offsets };
  } finally {
    c.close();
  }
}
