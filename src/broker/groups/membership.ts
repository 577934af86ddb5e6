import { randomUUID } from 'node:crypto';
import type { Logger } from '../../log.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import type { Group } from './group.js';
import { Member, type GroupProtocol, type JoinResult, type SyncResult } from './member.js';

export interface JoinRequest {
  memberId: string;
  groupInstanceId: string | null;
  /** JoinGroup v4+: a first join is answered MEMBER_ID_REQUIRED with an id to join again with (KIP-394). */
  requireKnownMemberId: boolean;
  clientId: string;
  clientHost: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  protocolType: string;
  protocols: GroupProtocol[];
}

export interface SyncRequest {
  memberId: string;
  groupInstanceId: string | null;
  generationId: number;
  assignments: { memberId: string; assignment: Buffer }[];
}

export interface MemberIdentity {
  memberId: string;
  groupInstanceId: string | null;
}

export interface MembershipEnv {
  logger: Logger;
  /** Kafka's group.initial.rebalance.delay.ms: how long a new group waits for more members before its first generation. */
  initialRebalanceDelayMs: number;
  /** Persists the group's metadata; called whenever it becomes Stable or Empty. */
  storeGroup(group: Group): void;
}

const EMPTY = Buffer.alloc(0);

function joinError(memberId: string, errorCode: number): JoinResult {
  return { errorCode, generationId: -1, protocolName: null, leader: '', memberId, members: [] };
}

function timer(ms: number, fn: () => void): NodeJS.Timeout {
  return setTimeout(fn, ms).unref();
}

/**
 * The classic rebalance protocol for one broker's groups, as Kafka's group
 * coordinator runs it: members join (PreparingRebalance) until every known
 * member has rejoined or the rebalance timeout ends the phase; the next
 * generation then waits for the leader's assignment (CompletingRebalance),
 * which SyncGroup hands to every member (Stable). Session timers drop members
 * that stop heartbeating, which starts the next rebalance.
 */
export class Membership {
  constructor(private readonly env: MembershipEnv) {}

  join(group: Group, req: JoinRequest): JoinResult | Promise<JoinResult> {
    if (group.is('Dead')) return joinError(req.memberId, ErrorCode.COORDINATOR_NOT_AVAILABLE);
    if (!group.supportsProtocols(req.protocolType, req.protocols)) return joinError(req.memberId, ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    const result = req.memberId === '' ? this.joinUnknown(group, req) : this.joinKnown(group, req);
    this.tryCompleteJoin(group);
    return result;
  }

  private joinUnknown(group: Group, req: JoinRequest): JoinResult | Promise<JoinResult> {
    const memberId = `${req.groupInstanceId ?? req.clientId}-${randomUUID()}`;
    const staticId = req.groupInstanceId === null ? undefined : group.staticMembers.get(req.groupInstanceId);
    if (staticId !== undefined) return this.replaceStaticMember(group, group.members.get(staticId)!, memberId, req);
    if (req.requireKnownMemberId && req.groupInstanceId === null) {
      group.pendingMembers.set(memberId, timer(req.sessionTimeoutMs, () => this.removePending(group, memberId)));
      return joinError(memberId, ErrorCode.MEMBER_ID_REQUIRED);
    }
    return this.addMemberAndRebalance(group, memberId, req);
  }

  private joinKnown(group: Group, req: JoinRequest): JoinResult | Promise<JoinResult> {
    const pending = group.pendingMembers.get(req.memberId);
    if (pending !== undefined) {
      clearTimeout(pending);
      group.pendingMembers.delete(req.memberId);
      return this.addMemberAndRebalance(group, req.memberId, req);
    }
    if (group.isFenced(req.memberId, req.groupInstanceId)) return joinError(req.memberId, ErrorCode.FENCED_INSTANCE_ID);
    const member = group.members.get(req.memberId);
    const unknownInstance = req.groupInstanceId !== null && !group.staticMembers.has(req.groupInstanceId);
    if (!member || unknownInstance) return joinError(req.memberId, ErrorCode.UNKNOWN_MEMBER_ID);
    switch (group.state) {
      case 'PreparingRebalance':
        return this.updateMemberAndRebalance(group, member, req);
      case 'CompletingRebalance':
        // A retry of a join whose answer was lost gets the same answer again.
        if (member.matches(req.protocols)) return this.currentGeneration(group, member.memberId, group.leaderId === member.memberId);
        return this.updateMemberAndRebalance(group, member, req);
      case 'Stable':
        // A leader's join asks for a new assignment (e.g. topics changed), so it rebalances even with unchanged metadata.
        if (group.leaderId === member.memberId || !member.matches(req.protocols)) return this.updateMemberAndRebalance(group, member, req);
        return this.currentGeneration(group, member.memberId, false);
      default:
        return joinError(req.memberId, ErrorCode.UNKNOWN_MEMBER_ID);
    }
  }

  /**
   * A static member that restarts joins without its old member id: it takes
   * the old member's place and assignment, and a stable group only rebalances
   * if its protocols changed (KIP-345).
   */
  private replaceStaticMember(group: Group, old: Member, memberId: string, req: JoinRequest): JoinResult | Promise<JoinResult> {
    const wasLeader = group.leaderId === old.memberId;
    old.answerJoin(joinError(old.memberId, ErrorCode.FENCED_INSTANCE_ID));
    old.answerSync({ errorCode: ErrorCode.FENCED_INSTANCE_ID, assignment: EMPTY });
    const member = new Member(memberId, req.groupInstanceId, req.clientId, req.clientHost, req.rebalanceTimeoutMs, req.sessionTimeoutMs, old.protocols);
    member.assignment = old.assignment;
    const syncPending = group.pendingSync.has(old.memberId);
    group.remove(old.memberId);
    group.add(member, req.protocolType);
    if (wasLeader) group.leaderId = memberId;
    if (syncPending) group.pendingSync.add(memberId);
    this.env.logger.info({ group: group.id, groupInstanceId: req.groupInstanceId, oldMemberId: old.memberId, memberId }, 'static member rejoined with a new member id');
    // Only a stable group can hand the old assignment straight back; mid-rebalance the new id joins the rebalance.
    if (!group.is('Stable') || !member.matches(req.protocols)) return this.updateMemberAndRebalance(group, member, req);
    this.touchSession(group, member);
    // The old leader id is returned so that the new member id does not compute an assignment nobody would receive.
    const answer = this.currentGeneration(group, memberId, false);
    return wasLeader ? { ...answer, leader: old.memberId } : answer;
  }

  private currentGeneration(group: Group, memberId: string, withMembers: boolean): JoinResult {
    return {
      errorCode: ErrorCode.NONE,
      generationId: group.generationId,
      protocolName: group.protocolName,
      leader: group.leaderId ?? '',
      memberId,
      members: withMembers ? group.memberMetadata() : [],
    };
  }

  private awaitJoin(member: Member): Promise<JoinResult> {
    // A second join from the same member replaces the first; the first still gets an answer so its connection is not stalled.
    member.answerJoin(joinError(member.memberId, ErrorCode.REBALANCE_IN_PROGRESS));
    return new Promise((resolve) => (member.joinWaiter = resolve));
  }

  private addMemberAndRebalance(group: Group, memberId: string, req: JoinRequest): Promise<JoinResult> {
    const member = new Member(memberId, req.groupInstanceId, req.clientId, req.clientHost, req.rebalanceTimeoutMs, req.sessionTimeoutMs, req.protocols);
    const joined = this.awaitJoin(member);
    group.add(member, req.protocolType);
    if (group.initialJoinDelay) group.initialJoinDelay.newMemberAdded = true;
    this.maybePrepareRebalance(group, `member ${memberId} joined`);
    return joined;
  }

  private updateMemberAndRebalance(group: Group, member: Member, req: JoinRequest): Promise<JoinResult> {
    member.protocols = req.protocols;
    member.rebalanceTimeoutMs = req.rebalanceTimeoutMs;
    member.sessionTimeoutMs = req.sessionTimeoutMs;
    member.clientId = req.clientId;
    member.clientHost = req.clientHost;
    const joined = this.awaitJoin(member);
    this.maybePrepareRebalance(group, `member ${member.memberId} rejoined`);
    return joined;
  }

  private maybePrepareRebalance(group: Group, reason: string): void {
    if (group.is('Stable') || group.is('CompletingRebalance') || group.is('Empty')) this.prepareRebalance(group, reason);
  }

  private prepareRebalance(group: Group, reason: string): void {
    const initial = group.is('Empty');
    if (group.is('CompletingRebalance')) this.failPendingSyncs(group, ErrorCode.REBALANCE_IN_PROGRESS);
    if (group.syncTimer) clearTimeout(group.syncTimer);
    group.syncTimer = null;
    group.pendingSync.clear();
    group.transition('PreparingRebalance', Date.now());
    this.env.logger.info({ group: group.id, generation: group.generationId, reason }, 'preparing to rebalance group');
    if (initial) {
      const delay = Math.min(this.env.initialRebalanceDelayMs, group.rebalanceTimeoutMs());
      return this.delayInitialJoin(group, delay, group.rebalanceTimeoutMs() - delay);
    }
    // The rebalance timeout bounds how long members have to rejoin.
    group.joinTimer = timer(group.rebalanceTimeoutMs(), () => this.completeJoin(group));
    this.tryCompleteJoin(group);
  }

  /**
   * A group that was empty waits before its first generation, so that members
   * starting together land in one generation instead of each forcing the next
   * one (Kafka's InitialDelayedJoin). Each period in which a new member joined
   * earns another, until the rebalance timeout is spent. A delay of 0 still
   * waits for the current turn of the event loop, which batches joins that
   * arrived together.
   */
  private delayInitialJoin(group: Group, delayMs: number, remainingMs: number): void {
    const wait = { newMemberAdded: false };
    group.initialJoinDelay = wait;
    group.joinTimer = timer(delayMs, () => {
      if (group.initialJoinDelay !== wait || !group.is('PreparingRebalance')) return;
      if (wait.newMemberAdded && remainingMs > 0) {
        const next = Math.min(this.env.initialRebalanceDelayMs, remainingMs);
        return this.delayInitialJoin(group, next, Math.max(remainingMs - next, 0));
      }
      group.initialJoinDelay = null;
      this.completeJoin(group);
    });
  }

  private failPendingSyncs(group: Group, errorCode: number): void {
    for (const m of group.members.values()) {
      m.assignment = EMPTY;
      m.answerSync({ errorCode, assignment: EMPTY });
    }
  }

  private tryCompleteJoin(group: Group): void {
    if (group.is('PreparingRebalance') && group.initialJoinDelay === null && group.allMembersJoined()) this.completeJoin(group);
  }

  /** Ends the join phase: members that did not rejoin are dropped and the next generation starts. */
  private completeJoin(group: Group): void {
    if (!group.is('PreparingRebalance')) return;
    if (group.joinTimer) clearTimeout(group.joinTimer);
    group.joinTimer = null;
    group.initialJoinDelay = null;
    for (const m of [...group.members.values()]) {
      if (m.awaitingJoin) continue;
      this.env.logger.info({ group: group.id, memberId: m.memberId }, 'member did not rejoin within the rebalance timeout; removing it');
      group.remove(m.memberId);
    }
    group.generationId++;
    const now = Date.now();
    if (group.members.size === 0) {
      group.protocolName = null;
      group.transition('Empty', now);
      this.env.storeGroup(group);
      this.env.logger.info({ group: group.id, generation: group.generationId }, 'group is empty');
      return;
    }
    group.protocolName = group.selectProtocol();
    group.transition('CompletingRebalance', now);
    const generation = group.generationId;
    for (const m of group.members.values()) {
      group.pendingSync.add(m.memberId);
      m.answerJoin(this.currentGeneration(group, m.memberId, m.memberId === group.leaderId));
      this.touchSession(group, m);
    }
    group.syncTimer = timer(group.rebalanceTimeoutMs(), () => this.expirePendingSync(group, generation));
    this.env.logger.info(
      { group: group.id, generation, protocol: group.protocolName, leader: group.leaderId, members: group.members.size },
      'group formed a new generation; awaiting the leader assignment',
    );
  }

  /** Members that never sent SyncGroup for their generation within the rebalance timeout are dropped. */
  private expirePendingSync(group: Group, generation: number): void {
    group.syncTimer = null;
    if (group.generationId !== generation || !(group.is('CompletingRebalance') || group.is('Stable'))) return;
    if (group.pendingSync.size === 0) return;
    for (const id of [...group.pendingSync]) {
      this.env.logger.info({ group: group.id, memberId: id }, 'member did not sync within the rebalance timeout; removing it');
      group.members.get(id)?.answerSync({ errorCode: ErrorCode.UNKNOWN_MEMBER_ID, assignment: EMPTY });
      group.remove(id);
    }
    this.prepareRebalance(group, 'members did not sync in time');
  }

  sync(group: Group, req: SyncRequest): SyncResult | Promise<SyncResult> {
    const error = (errorCode: number): SyncResult => ({ errorCode, assignment: EMPTY });
    if (group.is('Dead')) return error(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    if (group.isFenced(req.memberId, req.groupInstanceId)) return error(ErrorCode.FENCED_INSTANCE_ID);
    const member = group.members.get(req.memberId);
    if (!member) return error(ErrorCode.UNKNOWN_MEMBER_ID);
    if (req.generationId !== group.generationId) return error(ErrorCode.ILLEGAL_GENERATION);
    switch (group.state) {
      case 'PreparingRebalance':
        return error(ErrorCode.REBALANCE_IN_PROGRESS);
      case 'Stable':
        group.pendingSync.delete(member.memberId);
        this.touchSession(group, member);
        return { errorCode: ErrorCode.NONE, assignment: member.assignment };
      case 'CompletingRebalance': {
        member.answerSync(error(ErrorCode.REBALANCE_IN_PROGRESS));
        const synced = new Promise<SyncResult>((resolve) => (member.syncWaiter = resolve));
        group.pendingSync.delete(member.memberId);
        this.touchSession(group, member);
        if (group.leaderId === member.memberId) this.applyAssignment(group, req.assignments);
        return synced;
      }
      default:
        return error(ErrorCode.UNKNOWN_MEMBER_ID);
    }
  }

  private applyAssignment(group: Group, assignments: { memberId: string; assignment: Buffer }[]): void {
    const byMember = new Map(assignments.map((a) => [a.memberId, a.assignment]));
    for (const m of group.members.values()) m.assignment = byMember.get(m.memberId) ?? EMPTY;
    group.transition('Stable', Date.now());
    this.env.storeGroup(group);
    for (const m of group.members.values()) m.answerSync({ errorCode: ErrorCode.NONE, assignment: m.assignment });
    this.env.logger.info({ group: group.id, generation: group.generationId, members: group.members.size }, 'group is stable');
  }

  heartbeat(group: Group, memberId: string, groupInstanceId: string | null, generationId: number): number {
    if (group.is('Dead')) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    if (group.isFenced(memberId, groupInstanceId)) return ErrorCode.FENCED_INSTANCE_ID;
    const member = group.members.get(memberId);
    if (!member) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (generationId !== group.generationId) return ErrorCode.ILLEGAL_GENERATION;
    if (group.is('Empty')) return ErrorCode.UNKNOWN_MEMBER_ID;
    this.touchSession(group, member);
    return group.is('PreparingRebalance') ? ErrorCode.REBALANCE_IN_PROGRESS : ErrorCode.NONE;
  }

  /** Whether a member may commit offsets now; a commit also counts as a heartbeat. */
  checkCommit(group: Group, memberId: string, groupInstanceId: string | null, generationId: number): number {
    if (group.is('Dead')) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    if (group.isFenced(memberId, groupInstanceId)) return ErrorCode.FENCED_INSTANCE_ID;
    // A group that only stores offsets (no group management) commits with generation -1.
    if (generationId < 0 && group.is('Empty')) return ErrorCode.NONE;
    const member = group.members.get(memberId);
    if (!member) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (generationId !== group.generationId) return ErrorCode.ILLEGAL_GENERATION;
    if (group.is('CompletingRebalance')) return ErrorCode.REBALANCE_IN_PROGRESS;
    this.touchSession(group, member);
    return ErrorCode.NONE;
  }

  leave(group: Group, leaving: MemberIdentity[]): number[] {
    return leaving.map(({ memberId, groupInstanceId }) => {
      if (memberId !== '' && group.isFenced(memberId, groupInstanceId)) return ErrorCode.FENCED_INSTANCE_ID;
      if (group.pendingMembers.has(memberId)) {
        this.removePending(group, memberId);
        return ErrorCode.NONE;
      }
      const staticId = groupInstanceId === null ? undefined : group.staticMembers.get(groupInstanceId);
      const member = group.members.get(staticId ?? memberId);
      if (!member) return ErrorCode.UNKNOWN_MEMBER_ID;
      this.removeMember(group, member, 'left the group');
      return ErrorCode.NONE;
    });
  }

  private removePending(group: Group, memberId: string): void {
    const t = group.pendingMembers.get(memberId);
    if (t === undefined) return;
    clearTimeout(t);
    group.pendingMembers.delete(memberId);
    this.tryCompleteJoin(group);
  }

  private removeMember(group: Group, member: Member, reason: string): void {
    this.env.logger.info({ group: group.id, memberId: member.memberId, reason }, 'removing member from group');
    member.answerJoin(joinError(member.memberId, ErrorCode.UNKNOWN_MEMBER_ID));
    member.answerSync({ errorCode: ErrorCode.UNKNOWN_MEMBER_ID, assignment: EMPTY });
    group.remove(member.memberId);
    if (group.is('Stable') || group.is('CompletingRebalance')) this.prepareRebalance(group, `member ${member.memberId} ${reason}`);
    else this.tryCompleteJoin(group);
  }

  /** (Re)arms the member's session timer: no heartbeat, join, sync or commit for sessionTimeoutMs removes it. */
  touchSession(group: Group, member: Member): void {
    member.stopSessionTimer();
    member.sessionTimer = timer(member.sessionTimeoutMs, () => {
      if (group.members.get(member.memberId) !== member) return;
      // A member parked in JoinGroup or SyncGroup cannot heartbeat; the rebalance timeout bounds those waits instead.
      if (member.awaitingJoin || member.awaitingSync) return this.touchSession(group, member);
      this.removeMember(group, member, `session timeout (${member.sessionTimeoutMs} ms) expired`);
    });
  }
}
