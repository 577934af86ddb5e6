import { tpKey, type Admin } from '../../client/index.js';

export interface TopicView {
  name: string;
  partitions: { partition: number; endOffset: number }[];
  /** Sum of the partitions' end offsets: records ever written. */
  endOffset: number;
  /** Records written a second since the previous poll; null on the first. */
  inPerSec: number | null;
  /** Records a second the groups committed past on this topic since the previous poll (what they consumed); null on the first. */
  outPerSec: number | null;
}

export interface GroupView {
  id: string;
  state: string;
  /** Committed position behind the end offset, and the committed offsets summed, per topic the group commits for. */
  topics: { topic: string; lag: number; committed: number }[];
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
      return { name, partitions: sorted, endOffset: sorted.reduce((s, p) => s + p.endOffset, 0), inPerSec: null, outPerSec: null };
    })
    .sort((a, b) => a.name.localeCompare(b.name));

  const listedGroups = (await admin.listGroups()).filter((g) => !g.id.startsWith(HIDDEN_GROUP_PREFIX));
  const committed = await admin.committedOffsets(listedGroups.map((g) => g.id));
  const groups: GroupView[] = listedGroups
    .map((g) => {
      const perTopic = new Map<string, { lag: number; committed: number }>();
      for (const c of committed.get(g.id) ?? []) {
        const end = ends.get(tpKey(c.topic, c.partition));
        const t = perTopic.get(c.topic) ?? { lag: 0, committed: 0 };
        t.lag += end === undefined ? 0 : Math.max(0, end - c.offset);
        t.committed += c.offset;
        perTopic.set(c.topic, t);
      }
      const topics = [...perTopic].map(([topic, t]) => ({ topic, ...t }));
      return { id: g.id, state: g.state, topics, lag: topics.reduce((s, t) => s + t.lag, 0) };
    })
    .sort((a, b) => a.id.localeCompare(b.id));
  return { topics, groups };
}

/**
 * Each topic's records in and out a second between two polls: in from its end offsets, out from what the groups
 * committed past (a group that went back, by a reset, counts nothing). Groups new since the last poll count from
 * their next poll on.
 */
export function withRates(view: ClusterView, previous: ClusterView, elapsedMs: number): ClusterView {
  if (elapsedMs <= 0) return view;
  const perSec = (n: number) => (n * 1000) / elapsedMs;
  const ends = new Map(previous.topics.map((t) => [t.name, t.endOffset]));
  const before = new Map(previous.groups.flatMap((g) => g.topics.map((t) => [`${g.id}\u0000${t.topic}`, t.committed] as const)));
  const consumed = new Map<string, number>();
  for (const g of view.groups) {
    for (const t of g.topics) {
      const was = before.get(`${g.id}\u0000${t.topic}`);
      if (was !== undefined) consumed.set(t.topic, (consumed.get(t.topic) ?? 0) + Math.max(0, t.committed - was));
    }
  }
  const topics = view.topics.map((t) => {
    const was = ends.get(t.name);
    return { ...t, inPerSec: was === undefined ? null : perSec(Math.max(0, t.endOffset - was)), outPerSec: was === undefined ? null : perSec(consumed.get(t.name) ?? 0) };
  });
  return { ...view, topics };
}
