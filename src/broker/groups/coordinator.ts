import type { Logger } from '../../log.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import type { FetchWaiters } from '../fetch-waiters.js';
import { LogStorageError } from '../log/errors.js';
import { OncePerMinute } from '../log/once-per-minute.js';
import type { TopicRegistry } from '../topics.js';
import { Group } from './group.js';
import type { JoinResult, SyncResult } from './member.js';
import { Membership, type JoinRequest, type MemberIdentity, type SyncRequest } from './membership.js';
import type { LegacyGroups } from './legacy-groups.js';
import { OffsetsLog } from './offsets-log.js';
import type { CommittedOffset, OffsetsLogEntry, StoredGroup } from './records.js';
import { RestoredGroups } from './restore.js';
import { subscribedTopics } from './subscribed-topics.js';
import { expireOffsets, liveEntries } from './retention.js';
import { describe, describeMissing, listing, type GroupDescription, type GroupListing } from './summaries.js';

/** Kafka's group.min.session.timeout.ms and group.max.session.timeout.ms defaults. */
export const MIN_SESSION_TIMEOUT_MS = 6000;
export const MAX_SESSION_TIMEOUT_MS = 30 * 60 * 1000;
/** Superseded records tolerated in the offsets topic before it is rewritten, at least. */
const REWRITE_MIN_GARBAGE = 1000;

export interface CoordinatorOptions {
  dataDir: string;
  /** How long an empty group's offsets are kept (Kafka's offsets.retention.minutes). */
  offsetsRetentionMs: number;
  /** How often retention and the offsets topic's size are checked. */
  housekeepingIntervalMs: number;
  /** fsync the offsets topic on every commit. */
  fsyncOnAck: boolean;
  /** Kafka's group.initial.rebalance.delay.ms. */
  groupInitialRebalanceDelayMs: number;
}

export interface OffsetToCommit {
  topic: string;
  partition: number;
  offset: number;
  leaderEpoch: number;
  metadata: string;
}

export interface FetchedTopic {
  name: string;
  partitions: { partition: number; offset: number; leaderEpoch: number; metadata: string }[];
}

type Status = 'loading' | 'active' | 'failed' | 'closed';

/**
 * Runs a write to __consumer_offsets. A storage failure (a full disk) answers NOT_COORDINATOR,
 * which is what Kafka makes of KAFKA_STORAGE_ERROR on a group write: clients find the coordinator
 * again and retry; the write changed nothing.
 */
function storageAnswer(write: () => void): number {
  try {
    write();
    return ErrorCode.NONE;
  } catch (err) {
    if (err instanceof LogStorageError) return ErrorCode.NOT_COORDINATOR;
    throw err;
  }
}

/**
 * The group coordinator of this single node: it owns every group. Groups and
 * committed offsets live in memory and in the internal `__consumer_offsets`
 * topic, which start() replays (in chunks, so requests are answered with
 * COORDINATOR_LOAD_IN_PROGRESS meanwhile instead of waiting).
 */
export class GroupCoordinator {
  private status: Status = 'loading';
  private readonly groups = new Map<string, Group>();
  private readonly membership: Membership;
  private readonly log: OffsetsLog;
  private housekeeping: NodeJS.Timeout | null = null;
  private legacy: LegacyGroups | undefined;
  private readonly storageWarnings = new OncePerMinute();

  constructor(
    topics: TopicRegistry,
    waiters: FetchWaiters,
    private readonly options: CoordinatorOptions,
    private readonly logger: Logger,
  ) {
    this.log = new OffsetsLog(options.dataDir, topics, waiters, options.fsyncOnAck, logger);
    this.membership = new Membership({ logger, initialRebalanceDelayMs: options.groupInitialRebalanceDelayMs, storeGroup: (g) => this.storeGroup(g) });
  }

  /** Also answers for `groups` (the ZooKeeper facade's 0.8-era consumers) where it holds no group of that name. */
  useLegacyGroups(groups: LegacyGroups): void {
    this.legacy = groups;
  }

  /** The legacy group of this name, when the coordinator holds none. */
  private legacyGroup(groupId: string): LegacyGroups | undefined {
    return !this.groups.has(groupId) && this.legacy?.has(groupId) ? this.legacy : undefined;
  }

  async start(): Promise<void> {
    const restored = new RestoredGroups();
    const started = Date.now();
    try {
      await this.log.replay((e) => restored.apply(e), () => this.status === 'closed');
      if (this.status === 'closed') return;
      for (const g of restored.finish()) {
        this.groups.set(g.id, g);
        for (const m of g.members.values()) this.membership.touchSession(g, m);
      }
      this.maybeRewrite();
    } catch (err) {
      this.status = 'failed';
      this.logger.error(
        { err },
        'could not load consumer groups from __consumer_offsets; group requests get COORDINATOR_NOT_AVAILABLE until the broker restarts with a readable log',
      );
      return;
    }
    this.status = 'active';
    this.housekeeping = setInterval(() => this.housekeep(), this.options.housekeepingIntervalMs).unref();
    this.logger.info({ groups: this.groups.size, records: this.log.recordCount, ms: Date.now() - started }, 'consumer groups loaded');
  }

  private housekeep(): void {
    try {
      this.expireOffsets(Date.now());
      this.maybeRewrite();
    } catch (err) {
      this.logger.error({ err }, 'offsets retention or the rewrite of __consumer_offsets failed; it is retried at the next housekeeping tick');
    }
  }

  close(): void {
    this.status = 'closed';
    if (this.housekeeping) clearInterval(this.housekeeping);
    for (const g of this.groups.values()) g.stopTimers();
  }

  /** NONE when groups can be served, else what Kafka answers: loading, or not available. */
  statusError(): number {
    if (this.status === 'active') return ErrorCode.NONE;
    return this.status === 'loading' ? ErrorCode.COORDINATOR_LOAD_IN_PROGRESS : ErrorCode.COORDINATOR_NOT_AVAILABLE;
  }

  join(groupId: string, req: JoinRequest): JoinResult | Promise<JoinResult> {
    const fail = (errorCode: number): JoinResult => ({ errorCode, generationId: -1, protocolName: null, leader: '', memberId: req.memberId, members: [] });
    if (groupId === '') return fail(ErrorCode.INVALID_GROUP_ID);
    const status = this.statusError();
    if (status !== ErrorCode.NONE) return fail(status);
    if (req.sessionTimeoutMs < MIN_SESSION_TIMEOUT_MS || req.sessionTimeoutMs > MAX_SESSION_TIMEOUT_MS) return fail(ErrorCode.INVALID_SESSION_TIMEOUT);
    let group = this.groups.get(groupId);
    if (!group) {
      // A member id for a group that does not exist is stale (e.g. from before the group expired).
      if (req.memberId !== '') return fail(ErrorCode.UNKNOWN_MEMBER_ID);
      group = new Group(groupId, Date.now());
      this.groups.set(groupId, group);
    }
    return this.membership.join(group, req);
  }

  sync(groupId: string, req: SyncRequest): SyncResult | Promise<SyncResult> {
    const fail = (errorCode: number): SyncResult => ({ errorCode, assignment: Buffer.alloc(0) });
    if (groupId === '') return fail(ErrorCode.INVALID_GROUP_ID);
    const status = this.statusError();
    // Mid-load the rebalance state is gone; REBALANCE_IN_PROGRESS sends the member back to JoinGroup, which every client understands.
    if (status === ErrorCode.COORDINATOR_LOAD_IN_PROGRESS) return fail(ErrorCode.REBALANCE_IN_PROGRESS);
    if (status !== ErrorCode.NONE) return fail(status);
    const group = this.groups.get(groupId);
    if (!group) return fail(ErrorCode.UNKNOWN_MEMBER_ID);
    return this.membership.sync(group, req);
  }

  heartbeat(groupId: string, memberId: string, groupInstanceId: string | null, generationId: number): number {
    if (groupId === '') return ErrorCode.INVALID_GROUP_ID;
    const status = this.statusError();
    // As Kafka does: members keep their session while the coordinator loads.
    if (status === ErrorCode.COORDINATOR_LOAD_IN_PROGRESS) return ErrorCode.NONE;
    if (status !== ErrorCode.NONE) return status;
    const group = this.groups.get(groupId);
    if (!group) return ErrorCode.UNKNOWN_MEMBER_ID;
    return this.membership.heartbeat(group, memberId, groupInstanceId, generationId);
  }

  leave(groupId: string, members: MemberIdentity[]): { errorCode: number; memberErrors: number[] } {
    if (groupId === '') return { errorCode: ErrorCode.INVALID_GROUP_ID, memberErrors: [] };
    const status = this.statusError();
    if (status !== ErrorCode.NONE) return { errorCode: status, memberErrors: [] };
    const group = this.groups.get(groupId);
    if (!group) return { errorCode: ErrorCode.NONE, memberErrors: members.map(() => ErrorCode.UNKNOWN_MEMBER_ID) };
    if (group.is('Dead')) return { errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, memberErrors: [] };
    return { errorCode: ErrorCode.NONE, memberErrors: this.membership.leave(group, members) };
  }

  /** Stores the offsets if the member may commit; returns the error for all of them otherwise. */
  commit(groupId: string, memberId: string, groupInstanceId: string | null, generationId: number, offsets: OffsetToCommit[]): number {
    const status = this.statusError();
    if (status !== ErrorCode.NONE) return status;
    let group = this.groups.get(groupId);
    if (!group) {
      // Without group management (generation -1) a group exists only to hold offsets; otherwise the generation is from a group that is gone.
      if (generationId >= 0) return ErrorCode.ILLEGAL_GENERATION;
      group = new Group(groupId, Date.now());
      this.groups.set(groupId, group);
    }
    const allowed = this.membership.checkCommit(group, memberId, groupInstanceId, generationId);
    if (allowed !== ErrorCode.NONE || offsets.length === 0) return allowed;
    return storageAnswer(() => this.storeOffsets(group, offsets));
  }

  /**
   * Offsets of a committed transaction: checked against the group when TxnOffsetCommit
   * came, so stored now whatever the group did since, as Kafka does.
   */
  /** Throws LogStorageError when the offsets log cannot take them: the transaction's end is then retried. */
  storeTransactionalOffsets(groupId: string, offsets: OffsetToCommit[]): void {
    if (offsets.length === 0) return;
    let group = this.groups.get(groupId);
    if (!group) {
      group = new Group(groupId, Date.now());
      this.groups.set(groupId, group);
    }
    this.storeOffsets(group, offsets);
  }

  /** Writes the offsets to the offsets log, then into the group, stamped with one commit time. */
  private storeOffsets(group: Group, offsets: OffsetToCommit[]): void {
    const commitTimestamp = Date.now();
    const entries: OffsetsLogEntry[] = offsets.map((o) => ({
      kind: 'offset',
      key: { group: group.id, topic: o.topic, partition: o.partition },
      value: { offset: o.offset, leaderEpoch: o.leaderEpoch, metadata: o.metadata, commitTimestamp },
    }));
    this.log.append(entries);
    for (const e of entries) if (e.kind === 'offset') group.setOffset(e.key.topic, e.key.partition, e.value);
  }

  /** Appends to __consumer_offsets; the error to answer, as storageAnswer says. */
  private tryAppend(entries: OffsetsLogEntry[]): number {
    return storageAnswer(() => this.log.append(entries));
  }

  /** The group's committed offsets for `topics`, or all of them when null; -1 where nothing is committed. */
  fetchOffsets(groupId: string, topics: { name: string; partitions: number[] }[] | null): { errorCode: number; topics: FetchedTopic[] } {
    const status = this.statusError();
    if (status !== ErrorCode.NONE) return { errorCode: status, topics: [] };
    const legacy = this.legacyGroup(groupId);
    if (legacy) return { errorCode: ErrorCode.NONE, topics: legacyOffsets(legacy.offsets(groupId), topics) };
    const group = this.groups.get(groupId);
    const wanted = topics ?? [...(group?.offsets ?? new Map<string, Map<number, CommittedOffset>>()).entries()].map(([name, p]) => ({ name, partitions: [...p.keys()] }));
    return {
      errorCode: ErrorCode.NONE,
      topics: wanted.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((partition) => {
          const c = group?.committed(t.name, partition);
          return { partition, offset: c?.offset ?? -1, leaderEpoch: c?.leaderEpoch ?? -1, metadata: c?.metadata ?? '' };
        }),
      })),
    };
  }

  listGroups(statesFilter: string[]): { errorCode: number; groups: GroupListing[] } {
    const status = this.statusError();
    if (status !== ErrorCode.NONE) return { errorCode: status, groups: [] };
    const states = new Set(statesFilter.map((s) => s.toLowerCase()));
    const legacy = (this.legacy?.ids() ?? []).filter((id) => !this.groups.has(id)).map((id) => this.legacy!.listing(id));
    const groups = [...[...this.groups.values()].map(listing), ...legacy].filter((g) => states.size === 0 || states.has(g.groupState.toLowerCase()));
    return { errorCode: ErrorCode.NONE, groups };
  }

  describe(groupId: string): GroupDescription {
    const status = this.statusError();
    if (status !== ErrorCode.NONE) return describeMissing(groupId, status);
    const group = this.groups.get(groupId);
    return group ? describe(group) : (this.legacyGroup(groupId)?.describe(groupId) ?? describeMissing(groupId));
  }

  /**
   * DeleteGroups: each empty group goes with its offsets, durably (tombstones
   * for its metadata and each offset); a group with members is NON_EMPTY_GROUP.
   */
  deleteGroups(groupIds: string[]): { groupId: string; errorCode: number }[] {
    const status = this.statusError();
    return groupIds.map((groupId) => {
      if (status !== ErrorCode.NONE) return { groupId, errorCode: status };
      if (groupId === '') return { groupId, errorCode: ErrorCode.INVALID_GROUP_ID };
      const group = this.groups.get(groupId);
      if (!group || group.is('Dead')) return { groupId, errorCode: ErrorCode.GROUP_ID_NOT_FOUND };
      if (!group.is('Empty') || group.pendingMembers.size > 0) return { groupId, errorCode: ErrorCode.NON_EMPTY_GROUP };
      const tombstones: OffsetsLogEntry[] = [];
      for (const [topic, partitions] of group.offsets) for (const partition of partitions.keys()) tombstones.push({ kind: 'offset', key: { group: groupId, topic, partition }, value: null });
      tombstones.push({ kind: 'group', group: groupId, value: null });
      const stored = this.tryAppend(tombstones);
      if (stored !== ErrorCode.NONE) return { groupId, errorCode: stored };
      group.stopTimers();
      group.transition('Dead', Date.now());
      this.groups.delete(groupId);
      this.logger.info({ group: groupId, offsets: tombstones.length - 1 }, 'group deleted');
      return { groupId, errorCode: ErrorCode.NONE };
    });
  }

  /**
   * OffsetDelete: drops the group's committed offsets of the given partitions,
   * except for topics its members subscribe to (GROUP_SUBSCRIBED_TO_TOPIC), as
   * Kafka does; `knownTopic` answers UNKNOWN_TOPIC_OR_PARTITION for the rest.
   */
  deleteOffsets(
    groupId: string,
    topics: { name: string; partitions: number[] }[],
    knownTopic: (name: string) => boolean,
  ): { errorCode: number; topics: { name: string; partitions: { partitionIndex: number; errorCode: number }[] }[] } {
    const status = this.statusError();
    if (status !== ErrorCode.NONE) return { errorCode: status, topics: [] };
    if (groupId === '') return { errorCode: ErrorCode.INVALID_GROUP_ID, topics: [] };
    const group = this.groups.get(groupId);
    if (!group || group.is('Dead')) return { errorCode: ErrorCode.GROUP_ID_NOT_FOUND, topics: [] };
    // Only a consumer group can tell which topics it still uses; any other kind must be empty.
    if (group.protocolType !== null && group.protocolType !== 'consumer' && !group.is('Empty')) return { errorCode: ErrorCode.NON_EMPTY_GROUP, topics: [] };
    const subscribed = subscribedTopics(group) ?? new Set<string>();
    const tombstones: OffsetsLogEntry[] = [];
    const answered = topics.map((t) => {
      const errorCode = !knownTopic(t.name) ? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION : subscribed.has(t.name) ? ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC : ErrorCode.NONE;
      if (errorCode === ErrorCode.NONE) {
        for (const partition of t.partitions) {
          if (group.committed(t.name, partition)) tombstones.push({ kind: 'offset', key: { group: groupId, topic: t.name, partition }, value: null });
        }
      }
      return { name: t.name, partitions: t.partitions.map((partitionIndex) => ({ partitionIndex, errorCode })) };
    });
    if (tombstones.length > 0) {
      const stored = this.tryAppend(tombstones);
      if (stored !== ErrorCode.NONE) return { errorCode: stored, topics: [] };
    }
    for (const e of tombstones) if (e.kind === 'offset') group.setOffset(e.key.topic, e.key.partition, null);
    return { errorCode: ErrorCode.NONE, topics: answered };
  }

  /** Drops every group's offsets for a deleted topic, as Kafka does, so a topic created again under that name starts unread. */
  forgetTopic(topic: string): void {
    const tombstones: OffsetsLogEntry[] = [];
    for (const g of this.groups.values()) {
      for (const partition of g.offsets.get(topic)?.keys() ?? []) tombstones.push({ kind: 'offset', key: { group: g.id, topic, partition }, value: null });
      g.offsets.delete(topic);
    }
    if (tombstones.length > 0) this.log.append(tombstones);
  }

  private storeGroup(group: Group): void {
    const protocol = group.protocolName;
    const value: StoredGroup = {
      protocolType: group.protocolType ?? '',
      generation: group.generationId,
      protocol,
      leader: group.leaderId,
      currentStateTimestamp: group.stateTimestamp,
      members: [...group.members.values()].map((m) => ({
        memberId: m.memberId,
        groupInstanceId: m.groupInstanceId,
        clientId: m.clientId,
        clientHost: m.clientHost,
        rebalanceTimeout: m.rebalanceTimeoutMs,
        sessionTimeout: m.sessionTimeoutMs,
        subscription: protocol === null ? Buffer.alloc(0) : m.metadataFor(protocol),
        assignment: m.assignment,
      })),
    };
    // Called from rebalance timers too, so a full disk must not throw here. The group goes on in
    // memory; only a restart before the next successful store would find its older metadata.
    if (this.tryAppend([{ kind: 'group', group: group.id, value }]) !== ErrorCode.NONE) {
      const held = this.storageWarnings.take(Date.now());
      if (held !== null) this.logger.warn({ group: group.id, heldBack: held }, 'group metadata not stored: __consumer_offsets cannot take writes (KAFKA_STORAGE_ERROR); at most one such warning a minute');
      return;
    }
    group.stored = value;
  }

  private expireOffsets(now: number): void {
    if (this.status !== 'active') return;
    const tombstones = expireOffsets(this.groups, now, this.options.offsetsRetentionMs);
    if (tombstones.length === 0) return;
    this.log.append(tombstones);
    this.logger.info({ records: tombstones.length }, 'expired committed offsets and empty groups');
  }

  /** Rewrites the offsets topic once superseded records outnumber live ones (and at least REWRITE_MIN_GARBAGE). */
  private maybeRewrite(): void {
    let live = 0;
    for (const g of this.groups.values()) live += g.offsetCount() + (g.stored ? 1 : 0);
    if (this.log.recordCount - live < Math.max(REWRITE_MIN_GARBAGE, live)) return;
    this.log.rewrite(liveEntries(this.groups));
  }
}

/** A legacy group's offsets for `topics` (all it holds when null), -1 where it stored none, as for a Kafka group. */
function legacyOffsets(held: Map<string, Map<number, number>>, topics: { name: string; partitions: number[] }[] | null): FetchedTopic[] {
  const wanted = topics ?? [...held].map(([name, p]) => ({ name, partitions: [...p.keys()].sort((a, b) => a - b) }));
  return wanted.map((t) => ({ name: t.name, partitions: t.partitions.map((partition) => ({ partition, offset: held.get(t.name)?.get(partition) ?? -1, leaderEpoch: -1, metadata: '' })) }));
}
