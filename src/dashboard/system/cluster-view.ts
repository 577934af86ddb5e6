import { tpKey, type Admin } from '../../client/index.js';

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

/** Topics with their end offsets and consumer groups with their lag, as kafka-consumer-groups.sh --describe computes it. */
export async function readClusterView(admin: Admin): Promise<ClusterView> {
  const names = (await admin.listTopics()).sort();
  const counts = await admin.partitionCounts(names);
  const partitions = names.flatMap((topic) => Array.from({ length: counts.get(topic) ?? 0 }, (_, partition) => ({ topic, partition })));
  const ends = new Map<string, number>();
  const byTopic = new Map<string, { partition: number; endOffset: number }[]>(names.map((n) => [n, []]));
  for (const end of await admin.listOffsets(partitions, 'latest')) {
    ends.set(tpKey(end.topic, end.partition), end.offset);
    byTopic.get(end.topic)?.push({ partition: end.partition, endOffset: end.offset });
  }
  const topics: TopicView[] = [...byTopic]
    .map(([name, ps]) => {
      const sorted = ps.sort((a, b) => a.partition - b.partition);
      return { name, partitions: sorted, endOffset: sorted.reduce((s, p) => s + p.endOffset, 0) };
    })
    .sort((a, b) => a.name.localeCompare(b.name));

  const listedGroups = (await admin.listGroups()).filter((g) => !g.id.startsWith(HIDDEN_GROUP_PREFIX));
  const committed = await admin.committedOffsets(listedGroups.map((g) => g.id));
  const groups: GroupView[] = listedGroups
    .map((g) => {
      const perTopic = new Map<string, number>();
      for (const c of committed.get(g.id) ?? []) {
        const end = ends.get(tpKey(c.topic, c.partition));
        perTopic.set(c.topic, (perTopic.get(c.topic) ?? 0) + (end === undefined ? 0 : Math.max(0, end - c.offset)));
      }
      const topics = [...perTopic].map(([topic, lag]) => ({ topic, lag }));
      return { id: g.id, state: g.state, topics, lag: topics.reduce((s, t) => s + t.lag, 0) };
    })
    .sort((a, b) => a.id.localeCompare(b.id));
  return { topics, groups };
}
