import { tpKey, type Admin } from '../../client/index.js';
import type { ClusterView } from '../system/cluster-view.js';

export interface PartitionOffsets {
  partition: number;
  leader: number;
  startOffset: number;
  endOffset: number;
  /** Records the partition holds now: end minus start. */
  records: number;
}

export interface TopicSummary {
  name: string;
  partitions: PartitionOffsets[];
  records: number;
}

/** A topic of the list, with its bytes on disk and its records in a second. */
export interface TopicListing extends TopicSummary {
  /** Over every replica in every log directory (DescribeLogDirs); null where no broker reports the topic. */
  bytes: number | null;
  /** From the dashboard's last two polls of the broker; null before it has two. */
  inPerSec: number | null;
}

/** The topics with their sizes and message rates, as the console's list shows them. */
export async function listTopics(admin: Admin, rates: ClusterView): Promise<TopicListing[]> {
  const topics = await readTopics(admin);
  const dirs = await admin.logDirs(new Map(topics.map((t) => [t.name, t.partitions.length])));
  const inPerSec = new Map(rates.topics.map((t) => [t.name, t.inPerSec]));
  return topics.map((t) => {
    const held = dirs.flatMap((d) => (d.topicBytes.has(t.name) ? [d.topicBytes.get(t.name)!] : []));
    return { ...t, bytes: held.length === 0 ? null : held.reduce((n, b) => n + b, 0), inPerSec: inPerSec.get(t.name) ?? null };
  });
}

/** Each topic's partitions with start and end offsets, in three requests for all topics. */
export async function readTopics(admin: Admin, names?: readonly string[]): Promise<TopicSummary[]> {
  const topics = [...(names ?? (await admin.listTopics()))].sort();
  const counts = await admin.partitionCounts(topics);
  const partitions = topics.flatMap((topic) => Array.from({ length: counts.get(topic) ?? 0 }, (_, partition) => ({ topic, partition })));
  const [starts, ends] = await Promise.all([admin.listOffsets(partitions, 'earliest'), admin.listOffsets(partitions, 'latest')]);
  const startOf = new Map(starts.map((o) => [tpKey(o.topic, o.partition), o.offset]));
  const endOf = new Map(ends.map((o) => [tpKey(o.topic, o.partition), o.offset]));
  return topics.map((name) => {
    const ps = Array.from({ length: counts.get(name) ?? 0 }, (_, partition) => {
      const startOffset = startOf.get(tpKey(name, partition)) ?? 0;
      const endOffset = endOf.get(tpKey(name, partition)) ?? 0;
      return { partition, leader: -1, startOffset, endOffset, records: Math.max(0, endOffset - startOffset) };
    });
    return { name, partitions: ps, records: ps.reduce((s, p) => s + p.records, 0) };
  });
}

/** One topic, with each partition's leader from its metadata. */
export async function readTopic(admin: Admin, name: string): Promise<TopicSummary> {
  const description = await admin.describeTopic(name);
  const [summary] = await readTopics(admin, [name]);
  const leaders = new Map(description.partitions.map((p) => [p.partition, p.leader]));
  return { ...summary!, partitions: summary!.partitions.map((p) => ({ ...p, leader: leaders.get(p.partition) ?? -1 })) };
}
