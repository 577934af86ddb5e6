import type { GroupProtocol, Member } from './member.js';
import type { CommittedOffset, StoredGroup } from './records.js';

/** Kafka's names for a classic group's states, as DescribeGroups and ListGroups report them. */
export type GroupState = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable' | 'Dead';

/** A broken coordinator invariant: a bug to report, not a client mistake. */
export class GroupStateError extends Error {
  override readonly name = 'GroupStateError';
}

/** One consumer group: its members and generation, and the offsets it has committed. */
export class Group {
  state: GroupState = 'Empty';
  /** When the group entered its current state; offsets retention counts from the moment it became Empty. */
  stateTimestamp: number;
  generationId = 0;
  /** Null for a group that only stores offsets and never had members. */
  protocolType: string | null = null;
  protocolName: string | null = null;
  leaderId: string | null = null;
  readonly members = new Map<string, Member>();
  /** Member ids handed out with MEMBER_ID_REQUIRED, each with the timer that forgets it if it never joins. */
  readonly pendingMembers = new Map<string, NodeJS.Timeout>();
  /** group.instance.id → member id, for static members. */
  readonly staticMembers = new Map<string, string>();
  /** Members of the current generation that have not sent SyncGroup yet. */
  readonly pendingSync = new Set<string>();
  readonly offsets = new Map<string, Map<number, CommittedOffset>>();
  /** The metadata record last written for the group, replayed into the log when it is rewritten. */
  stored: StoredGroup | null = null;
  joinTimer: NodeJS.Timeout | null = null;
  /** Set while a new group waits for more members before its first generation. */
  initialJoinDelay: { newMemberAdded: boolean } | null = null;
  syncTimer: NodeJS.Timeout | null = null;

  constructor(
    readonly id: string,
    now: number,
  ) {
    this.stateTimestamp = now;
  }

  is(state: GroupState): boolean {
    return this.state === state;
  }

  transition(state: GroupState, now: number): void {
    this.state = state;
    this.stateTimestamp = now;
  }

  add(member: Member, protocolType: string): void {
    if (this.members.size === 0) this.protocolType = protocolType;
    this.members.set(member.memberId, member);
    if (member.groupInstanceId !== null) this.staticMembers.set(member.groupInstanceId, member.memberId);
    this.leaderId ??= member.memberId;
  }

  remove(memberId: string): void {
    const member = this.members.get(memberId);
    if (!member) return;
    member.stopSessionTimer();
    this.members.delete(memberId);
    this.pendingSync.delete(memberId);
    if (member.groupInstanceId !== null) this.staticMembers.delete(member.groupInstanceId);
    if (this.leaderId === memberId) this.leaderId = this.firstMember(true) ?? this.firstMember(false);
  }

  private firstMember(mustAwaitJoin: boolean): string | null {
    for (const m of this.members.values()) if (!mustAwaitJoin || m.awaitingJoin) return m.memberId;
    return null;
  }

  /** A request naming a static instance with another member id comes from a fenced (replaced) instance. */
  isFenced(memberId: string, groupInstanceId: string | null): boolean {
    if (groupInstanceId === null) return false;
    const current = this.staticMembers.get(groupInstanceId);
    return current !== undefined && current !== memberId;
  }

  supportsProtocols(protocolType: string, protocols: GroupProtocol[]): boolean {
    if (this.members.size === 0) return protocolType !== '' && protocols.length > 0;
    return protocolType === this.protocolType && protocols.some((p) => this.everyMemberSupports(p.name));
  }

  private everyMemberSupports(name: string): boolean {
    for (const m of this.members.values()) if (!m.protocols.some((p) => p.name === name)) return false;
    return true;
  }

  /** Each member votes for the first protocol it lists that every member supports; most votes wins. */
  selectProtocol(): string {
    const votes = new Map<string, number>();
    for (const m of this.members.values()) {
      const choice = m.protocols.find((p) => this.everyMemberSupports(p.name));
      if (choice) votes.set(choice.name, (votes.get(choice.name) ?? 0) + 1);
    }
    let best: string | null = null;
    for (const [name, n] of votes) if (best === null || n > votes.get(best)!) best = name;
    if (best === null) throw new GroupStateError(`group ${this.id} has no protocol every member supports; supportsProtocols should have refused the join`);
    return best;
  }

  allMembersJoined(): boolean {
    if (this.pendingMembers.size > 0) return false;
    for (const m of this.members.values()) if (!m.awaitingJoin) return false;
    return true;
  }

  rebalanceTimeoutMs(): number {
    let max = 0;
    for (const m of this.members.values()) max = Math.max(max, m.rebalanceTimeoutMs);
    return max;
  }

  /** What the leader needs to compute an assignment. */
  memberMetadata(): { memberId: string; groupInstanceId: string | null; metadata: Buffer }[] {
    const protocol = this.protocolName ?? '';
    return [...this.members.values()].map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId, metadata: m.metadataFor(protocol) }));
  }

  committed(topic: string, partition: number): CommittedOffset | undefined {
    return this.offsets.get(topic)?.get(partition);
  }

  setOffset(topic: string, partition: number, value: CommittedOffset | null): void {
    let byPartition = this.offsets.get(topic);
    if (value === null) {
      byPartition?.delete(partition);
      if (byPartition?.size === 0) this.offsets.delete(topic);
      return;
    }
    if (!byPartition) {
      byPartition = new Map();
      this.offsets.set(topic, byPartition);
    }
    byPartition.set(partition, value);
  }

  offsetCount(): number {
    let n = 0;
    for (const p of this.offsets.values()) n += p.size;
    return n;
  }

  stopTimers(): void {
    if (this.joinTimer) clearTimeout(this.joinTimer);
    if (this.syncTimer) clearTimeout(this.syncTimer);
    this.joinTimer = null;
    this.syncTimer = null;
    this.initialJoinDelay = null;
    for (const t of this.pendingMembers.values()) clearTimeout(t);
    for (const m of this.members.values()) m.stopSessionTimer();
  }
}
