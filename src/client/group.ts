import { Consumer, type ConsumerGroupJoinPayload, type GroupPartitionsAssigner, type Message } from '@platformatic/kafka';
import { connectOptions } from './bootstrap.js';
import type { WireTransaction } from './wire-transaction.js';
import { tpKey, type TopicPartition, type TopicPartitionOffset } from './messages.js';

/** Partitions of one topic. */
export interface TopicPartitions {
  readonly topic: string;
  readonly partitions: readonly number[];
}

/** What the group gave this member in one generation. */
export interface Assignment {
  readonly generation: number;
  readonly partitions: readonly TopicPartitions[];
}

/** The group leader's choice: member id → the partitions it reads. Members it leaves out get none. */
export type Assignor = (memberIds: readonly string[]) => ReadonlyMap<string, readonly TopicPartitions[]>;

export interface GroupSessionOptions {
  readonly clientId: string;
  readonly groupId: string;
  /** The topics the members subscribe to. */
  readonly topics: readonly string[];
  readonly assignor: Assignor;
  /** How long the group waits for a silent member before moving its partitions; also the rebalance timeout. */
  readonly sessionTimeoutMs: number;
  readonly heartbeatIntervalMs: number;
}

/**
 * Membership of a consumer group (the classic JoinGroup/SyncGroup protocol) for a
 * member that fetches on its own (see fetcher.ts): it heartbeats, hands over each new
 * assignment, commits offsets and leaves. Built joined: `join()` resolves once the
 * first generation is in.
 */
export class GroupSession {
  #pending: Assignment | undefined;
  #failure: Error | undefined;
  #rebalancing = false;

  private constructor(
    private readonly consumer: Consumer,
    readonly groupId: string,
  ) {
    consumer.on('consumer:group:join', (payload: ConsumerGroupJoinPayload) => {
      this.#pending = { generation: payload.generationId ?? 0, partitions: payload.assignments ?? [] };
      this.#rebalancing = false;
    });
    // A heartbeat answered REBALANCE_IN_PROGRESS: the client rejoins at once, with no hook to commit first.
    consumer.on('consumer:group:rebalance', () => (this.#rebalancing = true));
    consumer.on('error', (error: Error) => (this.#failure ??= error));
  }

  static async join(bootstrap: string, options: GroupSessionOptions): Promise<GroupSession> {
    const consumer = new Consumer({
      ...connectOptions(bootstrap, options.clientId),
      groupId: options.groupId,
      partitionAssigner: wireAssigner(options.assignor),
      sessionTimeout: options.sessionTimeoutMs,
      rebalanceTimeout: options.sessionTimeoutMs,
      heartbeatInterval: options.heartbeatIntervalMs,
      autocommit: false,
    });
    const session = new GroupSession(consumer, options.groupId);
    try {
      consumer.topics.trackAll(...options.topics);
      await consumer.joinGroup({});
    } catch (error) {
      await new Promise<void>((resolve) => consumer.close(true, () => resolve()));
      throw error;
    }
    return session;
  }

  /** The error that ended the membership (heartbeats failing for good), if any. */
  get failure(): Error | undefined {
    return this.#failure;
  }

  /** The generation this member has joined last; ahead of the last assignment taken while a new one waits. */
  get generation(): number {
    return this.consumer.generationId;
  }

  /** From a heartbeat's notice that the group rebalances until the new generation is joined. */
  get rebalancing(): boolean {
    return this.#rebalancing;
  }

  /** The assignment of the newest generation not yet taken; undefined when nothing changed. */
  takeAssignment(): Assignment | undefined {
    const pending = this.#pending;
    this.#pending = undefined;
    return pending;
  }

  /** Commits the next offsets to read, as the member of the current generation. */
  async commit(offsets: readonly TopicPartitionOffset[]): Promise<void> {
    if (offsets.length === 0) return;
    await this.consumer.commit({ offsets: offsets.map((o) => ({ topic: o.topic, partition: o.partition, offset: BigInt(o.offset), leaderEpoch: -1 })) });
  }

  /**
   * Adds `offsets` (the next positions to read) to a producer's transaction, committed as
   * this member of the current generation when the transaction commits (TxnOffsetCommit):
   * a member fenced by a rebalance cannot commit them.
   */
  async addOffsetsTo(txn: WireTransaction, offsets: readonly TopicPartitionOffset[]): Promise<void> {
    const { groupId, generationId, memberId, coordinatorId } = this.consumer;
    await txn.addConsumer(this.consumer);
    for (const o of offsets) {
      // The client commits a message's offset + 1, as a consumer that processed it would; it reads only these fields.
      const processed = { topic: o.topic, partition: o.partition, offset: BigInt(o.offset - 1), metadata: { consumer: { groupId, generationId, memberId, coordinatorId } } };
      await txn.addOffset(processed as unknown as Message);
    }
  }

  /** The group's committed offsets of these partitions (`topic/partition` → offset); partitions without one are left out. */
  async committed(partitions: readonly TopicPartition[]): Promise<Map<string, number>> {
    const byTopic = new Map<string, number[]>();
    for (const { topic, partition } of partitions) byTopic.set(topic, [...(byTopic.get(topic) ?? []), partition]);
    const listed = await this.consumer.listCommittedOffsets({ topics: [...byTopic].map(([topic, ps]) => ({ topic, partitions: ps })) });
    const out = new Map<string, number>();
    for (const [topic, offsets] of listed) offsets.forEach((o, partition) => o >= 0n && out.set(tpKey(topic, partition), Number(o)));
    return out;
  }

  /** Leaves the group at once (no message stream is open on this member). */
  close(): Promise<void> {
    return this.consumer.close();
  }
}

function wireAssigner(assignor: Assignor): GroupPartitionsAssigner {
  return (_leader, members) => {
    const chosen = assignor([...members.keys()]);
    return [...members.keys()].map((memberId) => ({
      memberId,
      assignments: new Map((chosen.get(memberId) ?? []).map((tp) => [tp.topic, { topic: tp.topic, partitions: [...tp.partitions] }])),
    }));
  };
}
