import type { Admin } from '@platformatic/kafka';

export interface TopicView {
  name: string;
  partitions: { partition: number; endOffset: number }[];
  /** Sum of the partitions' end offsets: records ever written. */
  endOffset: number;
}

export interface GroupView {
  id: string;
  state: string;
  /** Committed position behind the end offset, per topic the group commits for. */
  topics: { topic: string; lag: number }[];
  lag: number;
}

export interface ClusterView {
  topics: TopicView[];
  groups: GroupView[];
}

/** Groups that never commit and would only clutter the lag table: the dashboards' own readers. */
const HIDDEN_GROUP_PREFIX = 'streamdash-dashboard-';

const LATEST = -1n;

/** Topics with their end offsets and consumer groups with their lag, as kafka-consumer-groups.sh --describe computes it. */
export async function readClusterView(admin: Admin): Promise<ClusterView> {
  const names = (await admin.listTopics()).sort();
  const metadata = names.length > 0 ? await admin.metadata({ topics: names }) : undefined;
  const listed =
    names.length > 0
      ? await admin.listOffsets({
          topics: names.map((name) => ({
            name,
            partitions: (metadata?.topics.get(name)?.partitions ?? []).map((_, partitionIndex) => ({ partitionIndex, timestamp: LATEST })),
          })),
        })
      : [];
  const ends = new Map<string, number>();
  const topics: TopicView[] = listed
    .map((t) => {
      const partitions = t.partitions.map((p) => ({ partition: p.partitionIndex, endOffset: Number(p.offset) })).sort((a, b) => a.partition - b.partition);
      for (const p of partitions) ends.set(`${t.name}:${p.partition}`, p.endOffset);
      return { name: t.name, partitions, endOffset: partitions.reduce((s, p) => s + p.endOffset, 0) };
    })
    .sort((a, b) => a.name.localeCompare(b.name));

  const listedGroups = [...(await admin.listGroups()).values()].filter((g) => !g.id.startsWith(HIDDEN_GROUP_PREFIX));
  const committed = listedGroups.length > 0 ? await admin.listConsumerGroupOffsets({ groups: listedGroups.map((g) => g.id) }) : [];
  const groups: GroupView[] = listedGroups
    .map((g) => {
      const offsets = committed.find((c) => c.groupId === g.id)?.topics ?? [];
      const perTopic = offsets.map((t) => ({
        topic: t.name,
        lag: t.partitions.reduce((sum, p) => {
          const end = ends.get(`${t.name}:${p.partitionIndex}`);
          return end === undefined || p.committedOffset < 0n ? sum : sum + Math.max(0, end - Number(p.committedOffset));
        }, 0),
      }));
      return { id: g.id, state: String(g.state), topics: perTopic, lag: perTopic.reduce((s, t) => s + t.lag, 0) };
    })
    .sort((a, b) => a.id.localeCompare(b.id));
  return { topics, groups };
}
