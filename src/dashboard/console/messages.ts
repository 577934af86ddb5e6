import { type Admin, type FetchedBatch, type FetchedRecord, type Fetcher, type TopicPartition } from '../../client/index.js';

/** Where a browse starts in each partition. */
export type StartAt = { from: 'beginning' } | { from: 'end' } | { from: 'offset'; offset: number } | { from: 'time'; time: number };

export interface BrowseQuery {
  topic: string;
  /** Undefined: every partition. */
  partition: number | undefined;
  start: StartAt;
  /** How many messages to show in all. */
  limit: number;
}

/** A record as the page gets it: bytes as base64, so the page chooses JSON, text or hex itself. */
export interface ShownMessage {
  partition: number;
  offset: number;
  timestamp: number;
  key: string | null;
  value: string | null;
  headers: { key: string; value: string | null }[];
}

/** The offsets a read covers in one partition: from `from` up to (not including) `end`. */
export interface PartitionRange {
  partition: number;
  from: number;
  end: number;
}

/** Most bytes one fetch brings back per partition: enough for a page of messages, small enough to decode at once. */
export const FETCH_MAX_BYTES = 1024 * 1024;

const b64 = (b: Buffer | null) => (b === null ? null : b.toString('base64'));

/**
 * A fetched partition's records at or after `from`, control batches (transaction markers)
 * left out, and where the next fetch starts: past the last batch, so a marker or a
 * compacted gap is stepped over.
 */
export function recordsFrom(batches: readonly FetchedBatch[], from: number): { records: FetchedRecord[]; next: number } {
  const records: FetchedRecord[] = [];
  let next = from;
  for (const batch of batches) {
    next = Math.max(next, batch.baseOffset + batch.lastOffsetDelta + 1);
    if (batch.isControlBatch) continue;
    for (const r of batch.records) if (r.offset >= from) records.push(r);
  }
  return { records, next };
}

export function shown(partition: number, r: FetchedRecord): ShownMessage {
  return { partition, offset: r.offset, timestamp: r.timestamp, key: b64(r.key), value: b64(r.value), headers: r.headers.map((h) => ({ key: h.key, value: b64(h.value) })) };
}

/** The partitions a query reads: the one named, or all of the topic's. */
export async function partitionsOf(admin: Admin, topic: string, partition: number | undefined): Promise<TopicPartition[]> {
  const count = (await admin.describeTopic(topic)).partitions.length;
  if (partition === undefined) return Array.from({ length: count }, (_, p) => ({ topic, partition: p }));
  if (partition < 0 || partition >= count) throw new RangeError(`topic "${topic}" has partitions 0 to ${count - 1}; partition ${partition} is not one of them`);
  return [{ topic, partition }];
}

/** Each partition's range for a start: the end shows the last `limit` records, a time the first at or after it. */
export async function rangesFor(admin: Admin, partitions: readonly TopicPartition[], start: StartAt, limit: number): Promise<PartitionRange[]> {
  const [starts, ends, atTime] = await Promise.all([
    admin.listOffsets(partitions, 'earliest'),
    admin.listOffsets(partitions, 'latest'),
    start.from === 'time' ? admin.listOffsets(partitions, { atTime: start.time }) : Promise.resolve([]),
  ]);
  return partitions.map(({ partition }, i) => {
    const first = starts[i]?.offset ?? 0;
    const end = ends[i]?.offset ?? 0;
    const timed = atTime.find((o) => o.partition === partition)?.offset ?? -1;
    const from =
      start.from === 'beginning' ? first
      : start.from === 'end' ? Math.max(first, end - limit)
      : start.from === 'offset' ? Math.min(Math.max(start.offset, first), end)
      : timed < 0 ? end
      : timed;
    return { partition, from, end };
  });
}

/**
 * Reads up to `limit` records from each range (fewer where it ends), fetching only the
 * partitions not yet done. Records below a range's start (a batch begins earlier) and
 * control records are left out. A partition the answer brings nothing for is not done:
 * once the first partitions fill a fetch's bytes, Kafka and the embedded broker send the
 * rest empty. Only a fetch that brings nothing at all ends the read (what is left of the
 * ranges is gone, e.g. deleted since the ends were read).
 */
export async function readRanges(fetcher: Fetcher, topic: string, ranges: readonly PartitionRange[], limit: number): Promise<ShownMessage[]> {
  const out: ShownMessage[] = [];
  const next = new Map(ranges.map((r) => [r.partition, r.from]));
  const taken = new Map(ranges.map((r) => [r.partition, 0]));
  const open = () => ranges.filter((r) => next.get(r.partition)! < r.end && taken.get(r.partition)! < limit);
  for (let todo = open(); todo.length > 0; todo = open()) {
    const answers = await fetcher.fetch(todo.map((r) => ({ topic, partition: r.partition, offset: next.get(r.partition)! })), 0);
    for (const answer of answers) {
      if (answer.error !== undefined) throw answer.error;
      const range = ranges.find((r) => r.partition === answer.partition)!;
      let count = taken.get(answer.partition)!;
      const { records, next: after } = recordsFrom(answer.batches, next.get(answer.partition)!);
      for (const r of records) {
        if (r.offset >= range.end || count >= limit) continue;
        out.push(shown(answer.partition, r));
        count++;
      }
      taken.set(answer.partition, count);
      next.set(answer.partition, after);
    }
    if (answers.every((a) => a.batches.length === 0)) break;
  }
  return out;
}

/** N messages from a start: per partition in offset order, across partitions by time. */
export async function browse(admin: Admin, fetcher: Fetcher, query: BrowseQuery): Promise<{ ranges: PartitionRange[]; messages: ShownMessage[] }> {
  const partitions = await partitionsOf(admin, query.topic, query.partition);
  const ranges = await rangesFor(admin, partitions, query.start, query.limit);
  const read = await readRanges(fetcher, query.topic, ranges, query.limit);
  read.sort((a, b) => a.timestamp - b.timestamp || a.partition - b.partition || a.offset - b.offset);
  const messages = query.start.from === 'end' ? read.slice(-query.limit) : read.slice(0, query.limit);
  return { ranges, messages };
}
