/**
 * A deterministic stand-in for the course-access log: the record at
 * (partition, offset) always means the same clicks, so a test knows the exact
 * totals any number of records must add up to.
 */
import type { BatchOffsets, CounterIncrement, Store } from '../../src/store/index.js';

export const DAY = '20261121';
export const TOPIC = 'access-log';
export const PARTITIONS = [0, 1];
const COURSES = [112, 128, 130, 131, 145, 146];
const ENGINES = ['www.baidu.com', 'cn.bing.com', 'www.sogou.com', 'search.yahoo.com'];

/** Every record is a click on a course; every third came from a search engine. */
function clicksAt(partition: number, offset: number): CounterIncrement[] {
  const course = COURSES[(offset * 7 + partition * 3) % COURSES.length];
  const clicks: CounterIncrement[] = [{ table: 'course-clicks', rowKey: `${DAY}_${course}`, amount: 1 }];
  if ((offset + partition) % 3 === 0) {
    clicks.push({ table: 'course-search-clicks', rowKey: `${DAY}_${ENGINES[(offset + partition) % ENGINES.length]}_${course}`, amount: 1 });
  }
  return clicks;
}

/** Batch n reads offsets [n*size, (n+1)*size) of every partition. */
export function batchOf(partitions: readonly number[], n: number, size: number): { increments: CounterIncrement[]; offsets: BatchOffsets[] } {
  const increments: CounterIncrement[] = [];
  for (const partition of partitions) {
    for (let offset = n * size; offset < (n + 1) * size; offset++) increments.push(...clicksAt(partition, offset));
  }
  const offsets = partitions.map((partition) => ({ topic: TOPIC, partition, from: n * size, offset: (n + 1) * size }));
  return { increments, offsets };
}

/** The exact totals of the first `records` records of each partition, as table → row key → value. */
export function expectedTotals(partitions: readonly number[], records: number): Record<string, Record<string, number>> {
  const totals: Record<string, Record<string, number>> = {};
  for (const partition of partitions) {
    for (let offset = 0; offset < records; offset++) {
      for (const c of clicksAt(partition, offset)) {
        const table = (totals[c.table] ??= {});
        table[c.rowKey] = (table[c.rowKey] ?? 0) + c.amount;
      }
    }
  }
  return totals;
}

export async function storedTotals(store: Store): Promise<Record<string, Record<string, number>>> {
  const totals: Record<string, Record<string, number>> = {};
  for (const table of ['course-clicks', 'course-search-clicks']) {
    const rows = await store.scanCounters(table, DAY);
    if (rows.length) totals[table] = Object.fromEntries(rows.map((r) => [r.rowKey, r.value]));
  }
  return totals;
}
