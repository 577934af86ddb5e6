import { tpKey, type Admin, type GroupMember, type PartitionLag } from '../../client/index.js';

export interface GroupView {
  id: string;
  state: string;
  protocolType: string;
  protocol: string;
  members: GroupMember[];
  offsets: PartitionLag[];
  lag: number;
}

/** Where a reset moves a group's offsets, as kafka-consumer-groups.sh --reset-offsets' --to-* options. */
export type ResetTo = { to: 'earliest' } | { to: 'latest' } | { to: 'time'; time: number } | { to: 'offset'; offset: number };

export interface PlannedReset {
  topic: string;
  partition: number;
  current: number | null;
  next: number;
}

export class GroupNotEmptyError extends Error {
  constructor(
    readonly group: string,
    readonly state: string,
  ) {
    super(`group "${group}" is ${state}: Kafka resets or deletes a group's offsets only while it is Empty; stop its consumers, then try again`);
    this.name = 'GroupNotEmptyError';
  }
}

/** Kafka changes a group's offsets only while no member holds them. */
async function requireEmpty(admin: Admin, group: string): Promise<void> {
  const { state } = await admin.describeGroup(group);
  if (state !== 'Empty' && state !== 'Dead') throw new GroupNotEmptyError(group, state);
}

export async function readGroup(admin: Admin, id: string): Promise<GroupView> {
  const [description, offsets] = await Promise.all([admin.describeGroup(id), admin.groupLag(id)]);
  return { ...description, offsets, lag: offsets.reduce((s, o) => s + (o.lag ?? 0), 0) };
}

export async function readGroups(admin: Admin): Promise<GroupView[]> {
  const listed = (await admin.listGroups()).sort((a, b) => a.id.localeCompare(b.id));
  return Promise.all(listed.map((g) => readGroup(admin, g.id)));
}

/** The offsets a reset of `topic` gives each of its partitions, next to the committed ones. */
export async function planReset(admin: Admin, group: string, topic: string, target: ResetTo): Promise<PlannedReset[]> {
  const count = (await admin.describeTopic(topic)).partitions.length;
  const partitions = Array.from({ length: count }, (_, partition) => ({ topic, partition }));
  const [committed, starts, ends, timed] = await Promise.all([
    admin.committedOffsets([group]),
    admin.listOffsets(partitions, 'earliest'),
    admin.listOffsets(partitions, 'latest'),
    target.to === 'time' ? admin.listOffsets(partitions, { atTime: target.time }) : Promise.resolve([]),
  ]);
  const current = new Map((committed.get(group) ?? []).map((c) => [tpKey(c.topic, c.partition), c.offset]));
  return partitions.map(({ partition }, i) => {
    const first = starts[i]?.offset ?? 0;
    const end = ends[i]?.offset ?? 0;
    const at = timed[i]?.offset ?? -1;
    // Like Kafka's tool: an offset outside the log is clamped to it; a time after the last record means the end.
    const next =
      target.to === 'earliest' ? first
      : target.to === 'latest' ? end
      : target.to === 'offset' ? Math.min(Math.max(target.offset, first), end)
      : at < 0 ? end
      : at;
    return { topic, partition, current: current.get(tpKey(topic, partition)) ?? null, next };
  });
}

/** Commits a planned reset, after checking the group is Empty (the broker would refuse it otherwise). */
export async function applyReset(admin: Admin, group: string, plan: readonly PlannedReset[]): Promise<void> {
  await requireEmpty(admin, group);
  await admin.alterGroupOffsets(
    group,
    plan.map((p) => ({ topic: p.topic, partition: p.partition, offset: p.next })),
  );
}

export async function deleteGroup(admin: Admin, group: string): Promise<void> {
  await requireEmpty(admin, group);
  await admin.deleteGroup(group);
}
