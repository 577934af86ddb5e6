// needs: chromium, fonts-wqy-microhei
// alone: it times "data on the page" at a high generator rate
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { COURSE_CLICKS_TABLE, SEARCH_CLICKS_TABLE } from '../../src/apps/course-clicks/course-clicks-job.js';
import { openStore } from '../../src/store/index.js';
import { freePort, tempDir } from '../helpers/broker.js';
import { fetchAll } from '../helpers/fetch-all.js';
import { spawnDemo, type DemoProcess } from './demo-process.js';
import { courseCounts, courseTotalsFromTopic, genderCounts, popularityTop10, summedWindows } from './expected.js';
import { checkPages, screenshotTaobao, waitForFirstData } from './pages.js';
import { waitForValue } from '../helpers/wait-for.js';

// The whole system as a user starts it: `streamdash demo` on a temp folder,
// generators at a high rate for a while, then stopped so the jobs drain. Every
// result is compared with what a plain computation over the raw inputs gives.
const dataDir = tempDir('streamdash-e2e-');
after(() => rmSync(dataDir, { recursive: true, force: true }));

/** Probes until the actual figures equal the expected ones; on timeout the failure shows both, as last seen. */
async function converges<T>(what: string, timeoutMs: number, probe: () => Promise<{ ok: boolean; actual: T; expected: T }>): Promise<void> {
  await waitForValue(`${what} to converge`, probe, (p) => p.ok, { timeoutMs, intervalMs: 1000 });
}

/** Today's clicks and search clicks from the access logs: what /courses shows. */
function todaysCourseTotals(): { clicks: number; search: number } {
  const d = new Date();
  const today = `${d.getFullYear()}${String(d.getMonth() + 1).padStart(2, '0')}${String(d.getDate()).padStart(2, '0')}_`;
  const { clicks, search } = courseCounts(join(dataDir, 'logs'));
  const sum = (m: Map<string, number>) => [...m].filter(([k]) => k.startsWith(today)).reduce((a, [, n]) => a + n, 0);
  return { clicks: sum(clicks), search: sum(search) };
}

const sorted = (m: Map<string, number>) => [...m].sort(([a], [b]) => (a < b ? -1 : 1));

async function assertPipelineResults(brokerPort: number): Promise<void> {
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

async function assertStoreMatchesLogs(): Promise<{ clicks: number }> {
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

test('the demo runs the whole pipeline, its results equal a direct computation, and a restart neither loses nor double counts', { timeout: 600_000 }, async () => {
  const port = await freePort();
  const brokerPort = await freePort();
  const args = (generateFor: string) => [
    '--data-dir', dataDir, '--port', String(port), '--broker-port', String(brokerPort), '--seed', '7',
    '--rate', '200', '--access-log-rate', '300', '--access-log-rotate-bytes', '200000', '--page-interval', '1s',
    '--generate-for', generateFor, '--status-interval', '2s',
  ];

  const started = Date.now();
  let demo: DemoProcess = await spawnDemo(args('20s'));
  try {
    // The target is 10 s and now the bound: with the store opening beside the rest (issue 19), runs
    // measure 6.9-7.6 s on two shared cores (it was 9.2-13.7 s), Chromium's launch included.
    await waitForFirstData(`http://127.0.0.1:${port}`, 10_000);
    const readyMs = Date.now() - started;
    console.log(`the page showed data ${readyMs} ms after the demo was started (target 10 s)`);
    assert.ok(readyMs <= 10_000, `the page showed data ${readyMs} ms after the demo was started; the target and bound are 10 s (6.9-7.6 s measured)`);
    await demo.waitFor(/generators stopped/, 90_000);
    await assertPipelineResults(brokerPort);
    await checkPages(`http://127.0.0.1:${port}`, brokerPort, { courseTotals: todaysCourseTotals });
  } finally {
    const stopped = await demo.stop();
    assert.equal(stopped.code, 0, `the demo exits cleanly on SIGTERM:\n${demo.output().slice(-3000)}`);
  }
  const first = await assertStoreMatchesLogs();
  assert.ok(first.clicks > 0, 'the first run counted some course clicks');

  demo = await spawnDemo(args('10s'));
  try {
    await screenshotTaobao(`http://127.0.0.1:${port}`, 'docs/taobao.png');
    await demo.waitFor(/generators stopped/, 60_000);
    await assertPipelineResults(brokerPort);
  } finally {
    assert.equal((await demo.stop()).code, 0);
  }
  const second = await assertStoreMatchesLogs();
  assert.ok(second.clicks > first.clicks, 'the second run went on counting from the first');
});
