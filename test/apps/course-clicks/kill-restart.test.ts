import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { AccessLogGenerator, SEARCH_ENGINES } from '../../../src/apps/access-log/generator.js';
import { COURSE_CLICKS_DEAD_LETTERS } from '../../../src/apps/course-clicks/course-clicks-job.js';
import type { CounterUpdate } from '../../../src/apps/course-clicks/counter-sink.js';
import { openStore } from '../../../src/store/index.js';
import { inProcessBroker, tempDir } from '../../helpers/broker.js';
import { spawnJob, tasksAssigned } from '../../stream/runtime/job-process.js';
import { createTopics, producePaced } from '../../helpers/produce.js';
import { lastByKey, readTopic } from '../../stream/runtime/topic-reading.js';
import { waitForValue } from '../../helpers/wait-for.js';

let broker: Awaited<ReturnType<typeof inProcessBroker>>;
const dir = tempDir('streamdash-course-clicks-');
before(async () => {
  broker = await inProcessBroker();
});
after(async () => {
  await broker?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const MALFORMED = ['just some words', '1.2.3.4\tyesterday\t"GET /class/130.html HTTP/1.1"\t200\t-', '1.2.3.4\t2026-11-21 10:00:00\tGET\t200\t-'];

/** Access-log lines over two days; the generator's own clock is replaced by fixed times so the days are known. */
function accessLines(count: number): string[] {
  const generator = new AccessLogGenerator(5);
  const start = new Date(2026, 10, 21, 23, 50, 0).getTime();
  return Array.from({ length: count }, (_, i) => generator.nextLine(new Date(start + i * 500)));
}

/** The reference count, straight from the lines: row key per (day, course), and per (day, search engine, course). */
function expectedCounts(lines: readonly string[]): Map<string, number> {
  const hosts = new Set([...SEARCH_ENGINES.map((e) => e.host), 'www.google.com']);
  const counts = new Map<string, number>();
  const add = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  for (const line of lines) {
    const [, time, request, , referer] = line.split('\t') as [string, string, string, string, string];
    const course = /^"GET \/class\/(\d+)\.html HTTP\/1\.1"$/.exec(request);
    if (course === null) continue;
    const day = time.slice(0, 10).replaceAll('-', '');
    add(`course-clicks/${day}_${course[1]}`);
    const host = referer === '-' ? '' : new URL(referer).host;
    if (hosts.has(host)) add(`course-search-clicks/${day}_${host}_${course[1]}`);
  }
  return counts;
}

async function publishedCounts(): Promise<Map<string, number>> {
  const table = new Map<string, number>();
  for (const [key, record] of lastByKey(await readTopic(broker.port, 'clicks-out'))) table.set(key, (JSON.parse(record.value!.toString()) as CounterUpdate).count);
  return table;
}

test('course-clicks: after kill -9 and a restart the store counts every click exactly once, and the topic shows the same totals', { timeout: 120_000 }, async () => {
  await createTopics(broker.bootstrap, { 'access-in': 1, 'clicks-out': 1, [COURSE_CLICKS_DEAD_LETTERS]: 1 });
  const wellFormed = accessLines(4000);
  const expected = expectedCounts(wellFormed);
  const lines = [...wellFormed.slice(0, 1000), MALFORMED[0]!, ...wellFormed.slice(1000, 2500), MALFORMED[1]!, MALFORMED[2]!, ...wellFormed.slice(2500)];
  const storeDir = join(dir, 'store');
  const args = [
    'course-clicks',
    '--bootstrap', broker.bootstrap,
    '--store', storeDir,
    '--input', 'access-in',
    '--output', 'clicks-out',
    '--checkpoint-interval', '300ms',
    '--session-timeout', '6s',
    '--no-metrics-topic',
  ];
  let job = await spawnJob(args);
  try {
    await job.waitForLog(tasksAssigned());
    const producing = producePaced(broker.bootstrap, 'access-in', lines, 5000);
    await waitForValue('the first totals', publishedCounts, (c) => c.size >= 5, { timeoutMs: 30_000, intervalMs: 250 });
    assert.equal(await job.stop('SIGKILL'), null);
    job = await spawnJob(args);
    await producing;
    const total = (counts: Map<string, number>) => [...counts.values()].reduce((a, b) => a + b, 0);
    await waitForValue('the published totals reaching the reference', publishedCounts, (c) => total(c) >= total(expected), { timeoutMs: 60_000, intervalMs: 250 });
    await sleep(1000);
    assert.deepEqual(Object.fromEntries([...(await publishedCounts())].sort()), Object.fromEntries([...expected].sort()));
    assert.equal(await job.stop('SIGTERM'), 0, job.output());
  } finally {
    await job.stop('SIGKILL');
  }

  const store = await openStore(storeDir);
  try {
    const stored = new Map<string, number>();
    for (const table of ['course-clicks', 'course-search-clicks']) {
      for (const c of await store.scanCounters(table, '')) stored.set(`${table}/${c.rowKey}`, c.value);
    }
    assert.deepEqual(Object.fromEntries([...stored].sort()), Object.fromEntries([...expected].sort()));
    assert.ok([...stored.keys()].some((k) => k.startsWith('course-search-clicks/20261122_www.')), 'search clicks on the second day too');
    assert.deepEqual(await store.committedOffsets('course-clicks'), [{ topic: 'access-in', partition: 0, offset: lines.length }]);
  } finally {
    await store.close();
  }
  const letters = await readTopic(broker.port, COURSE_CLICKS_DEAD_LETTERS);
  assert.deepEqual([...new Set(letters.map((r) => (JSON.parse(r.value!.toString()) as { text: string }).text))], MALFORMED);
});
