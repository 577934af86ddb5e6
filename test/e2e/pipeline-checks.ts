import assert from 'node:assert/strict';
import { join } from 'node:path';
import { COURSE_CLICKS_TABLE, SEARCH_CLICKS_TABLE } from '../../src/apps/course-clicks/course-clicks-job.js';
import { openStore } from '../../src/store/index.js';
import { fetchAll } from '../helpers/fetch-all.js';
import { waitForValue } from '../helpers/wait-for.js';
import { courseCounts, courseTotalsFromTopic, genderCounts, popularityTop10, summedWindows } from './expected.js';

// The demo's results, checked against a direct computation over its raw inputs (the `sex` and
// `user-behavior-topic` topics, the access logs in the data folder), on whichever broker it ran.

/** Probes until the actual figures equal the expected ones; on timeout the failure shows both, as last seen. */
async function converges<T>(what: string, timeoutMs: number, probe: () => Promise<{ ok: boolean; actual: T; expected: T }>): Promise<void> {
  await waitForValue(`${what} to converge`, probe, (p) => p.ok, { timeoutMs, intervalMs: 1000 });
}

/** Today's clicks and search clicks from the access logs: what /courses shows. */
export function todaysCourseTotals(dataDir: string): { clicks: number; search: number } {
  const d = new Date();
  const today = `${d.getFullYear()}${String(d.getMonth() + 1).padStart(2, '0')}${String(d.getDate()).padStart(2, '0')}_`;
  const { clicks, search } = courseCounts(join(dataDir, 'logs'));
  const sum = (m: Map<string, number>) => [...m].filter(([k]) => k.startsWith(today)).reduce((a, [, n]) => a + n, 0);
  return { clicks: sum(clicks), search: sum(search) };
}

const sorted = (m: Map<string, number>) => [...m].sort(([a], [b]) => (a < b ? -1 : 1));

export async function assertPipelineResults(brokerPort: number, dataDir: string): Promise<void> {
  await converges('per-gender sums over `result`', 60_000, async () => {
    const expected = sorted(genderCounts((await fetchAll(brokerPort, 'sex')).records));
    const actual = sorted(summedWindows((await fetchAll(brokerPort, 'result')).records));
    return { ok: JSON.stringify(actual) === JSON.stringify(expected), actual, expected };
  });
  await converges('the last popularity top 10', 30_000, async () => {
    const expected = popularityTop10((await fetchAll(brokerPort, 'user-behavior-topic')).records).map((e) => [e.page, e.popularity.toFixed(6)]);
    const tops = (await fetchAll(brokerPort, 'popularity-top10')).records;
    const last = tops.length ? (JSON.parse(tops[tops.length - 1]!.value!.toString()) as { page: string; popularity: number }[]) : [];
    const actual = last.map((e) => [e.page, e.popularity.toFixed(6)]);
    return { ok: JSON.stringify(actual) === JSON.stringify(expected), actual, expected };
  });
  await converges('course totals on `course-clicks`', 60_000, async () => {
    const { clicks } = courseCounts(join(dataDir, 'logs'));
    const actual = sorted(courseTotalsFromTopic((await fetchAll(brokerPort, 'course-clicks')).records, COURSE_CLICKS_TABLE));
    const expected = sorted(clicks);
    return { ok: JSON.stringify(actual) === JSON.stringify(expected), actual, expected };
  });
}

export async function assertStoreMatchesLogs(dataDir: string): Promise<{ clicks: number }> {
  const { clicks, search, lines } = courseCounts(join(dataDir, 'logs'));
  const store = await openStore(join(dataDir, 'store'));
  try {
    const days = new Set([...clicks.keys()].map((k) => k.slice(0, 9)));
    const inStore = new Map<string, number>();
    const searchInStore = new Map<string, number>();
    for (const day of days) {
      for (const c of await store.scanCounters(COURSE_CLICKS_TABLE, day)) inStore.set(c.rowKey, c.value);
      for (const c of await store.scanCounters(SEARCH_CLICKS_TABLE, day)) searchInStore.set(c.rowKey, c.value);
    }
    assert.deepEqual(sorted(inStore), sorted(clicks), 'course-clicks counters equal the access logs');
    assert.deepEqual(sorted(searchInStore), sorted(search), 'course-search-clicks counters equal the access logs');
    assert.ok(lines > 0);
    return { clicks: [...clicks.values()].reduce((a, b) => a + b, 0) };
  } finally {
    await store.close();
  }
}
