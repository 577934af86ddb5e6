// needs: chromium, fonts-wqy-microhei
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { genderJob } from '../../src/apps/gender/gender-job.js';
import { taobaoInsightsJob } from '../../src/apps/taobao-insights/taobao-insights-job.js';
import { CONTENT_SECURITY_POLICY } from '../../src/dashboard/plugins/security-headers.js';
import { dayOf } from '../../src/dashboard/feeds/courses.js';
import { openStore } from '../../src/store/index.js';
import { StreamRuntime } from '../../src/stream/runtime/index.js';
import type { StreamJob } from '../../src/stream/runtime/index.js';
import { fetchAll } from '../helpers/fetch-all.js';
import { freePort, spawnBroker, tempDir, type BrokerProcess } from '../helpers/broker.js';
import { spawnDashboard, type DashboardProcess } from './dashboard-process.js';
import { launchChromium, screenshot, watchPage } from './helpers.js';
import { withProducer } from '../helpers/produce.js';
import { TaobaoFeed } from './taobao-rows.js';
import { waitFor } from '../helpers/wait-for.js';

// These run inside Chromium, through page.evaluate; the project compiles without the DOM library.
/* eslint-disable @typescript-eslint/no-explicit-any -- DOM objects inside page.evaluate, untyped without the DOM lib */
declare const document: any;
declare const window: any;
declare const getComputedStyle: any;
/* eslint-enable @typescript-eslint/no-explicit-any */

const XSS = '<img src=x onerror="window.__xss=1">';
const number = (text: string | null) => Number((text ?? '').replace(/[^\d]/g, ''));

/** The last `result` message, decoded: its window (from the headers) and counts. */
async function lastResult(port: number) {
  const { records } = await fetchAll(port, 'result');
  const r = records.at(-1);
  if (!r) return undefined;
  const header = (name: string) => Number(r.headers.find((h) => String(h.key) === name)?.value?.toString());
  const counts = Object.assign({}, ...(JSON.parse(r.value!.toString()) as Record<string, number>[])) as Record<string, number>;
  return { start: header('window.start'), girls: counts['0'] ?? 0, boys: counts['1'] ?? 0, unknown: counts['2'] ?? 0 };
}

async function pageCounters(page: Page) {
  return page.evaluate(() => {
    const text = (id: string) => document.getElementById(id)!.textContent;
    return {
      start: Number(document.getElementById('window-now')!.dataset.start),
      girls: text('girls-now'),
      boys: text('boys-now'),
      unknown: text('unknown-now'),
      totals: [text('girls-total'), text('boys-total'), text('unknown-total')],
      points: Number(document.getElementById('gender-chart')!.dataset.points),
    };
  });
}

/** What the page shows equals a result message of that same window, and the totals equal the rows fed. */
async function showsJobOutput(page: Page, brokerPort: number, fed: TaobaoFeed) {
  return waitFor('/taobao to show the last result window and the totals of the rows fed', async () => {
      const shown = await pageCounters(page);
      const { records } = await fetchAll(brokerPort, 'result');
      const message = records.find((r) => r.headers.some((h) => String(h.key) === 'window.start' && Number(h.value?.toString()) === shown.start));
      if (!message) return undefined;
      const counts = Object.assign({}, ...(JSON.parse(message.value!.toString()) as Record<string, number>[])) as Record<string, number>;
      const totals = shown.totals.map(number);
      const expected = [fed.totals.girls, fed.totals.boys, fed.totals.unknown];
      const matches =
        number(shown.girls) === (counts['0'] ?? 0) && number(shown.boys) === (counts['1'] ?? 0) && number(shown.unknown) === (counts['2'] ?? 0) && totals.join() === expected.join();
      return matches ? shown : undefined;
    }, { timeoutMs: 60_000 });
}

describe('the dashboard in Chromium, fed by the real jobs', { timeout: 600_000 }, () => {
  const brokerDir = tempDir();
  const storeDir = join(tempDir(), 'store');
  const day = dayOf(new Date());
  const fed = new TaobaoFeed();
  const jobs = new AbortController();
  const running: Promise<void>[] = [];
  let brokerPort: number;
  let dashboardPort: number;
  let broker: BrokerProcess;
  let dashboard: DashboardProcess;
  let browser: Browser;
  let page: Page;
  let problems: string[];

  /**
   * Runs a job as a service manager would: a runtime stops when a checkpoint cannot be
   * written (the broker is down), and is started again to resume from its last one.
   */
  const supervise = async (job: StreamJob) => {
    while (!jobs.signal.aborted) {
      const runtime = new StreamRuntime(job.topology, { bootstrap: broker.bootstrap, applicationId: job.name, job: job.name, checkpointIntervalMs: 1000 });
      await runtime.run(jobs.signal).catch(() => new Promise((resolve) => setTimeout(resolve, 1000)));
    }
  };

  const startDashboard = async () =>
    (dashboard = await spawnDashboard(['--port', String(dashboardPort), '--bootstrap', broker.bootstrap, '--store', storeDir]));

  before(async () => {
    brokerPort = await freePort();
    dashboardPort = await freePort();
    broker = await spawnBroker(brokerDir, brokerPort);

    const store = await openStore(storeDir);
    await store.incrementCounters(
      [
        { table: 'course-clicks', rowKey: `${day}_112`, amount: 40 },
        { table: 'course-clicks', rowKey: `${day}_128`, amount: 25 },
        { table: 'course-clicks', rowKey: `${day}_145`, amount: 9 },
        { table: 'course-search-clicks', rowKey: `${day}_www.baidu.com_112`, amount: 7 },
        { table: 'course-search-clicks', rowKey: `${day}_www.sogou.com_128`, amount: 3 },
      ],
      { job: 'browser-test', batchId: 'seed' },
    );
    await store.close();

    running.push(supervise(genderJob()), supervise(taobaoInsightsJob()));
    await withProducer(broker.bootstrap, (p) => fed.send(p, 60));

    await startDashboard();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    problems = watchPage(page);
  });

  after(async () => {
    await browser?.close();
    await dashboard?.stop();
    jobs.abort();
    await Promise.allSettled(running);
    await broker?.stop();
  });

  it('/taobao shows what the gender job wrote: the window of its last result message and the totals of the rows fed', async () => {
    const response = await page.goto(`${dashboard.url}/taobao`);
    assert.equal(response?.headers()['content-security-policy'], CONTENT_SECURITY_POLICY);
    assert.doesNotMatch(CONTENT_SECURITY_POLICY, /unsafe-inline|unsafe-eval/);
    await withProducer(broker.bootstrap, (p) => fed.send(p, 40));
    const shown = await showsJobOutput(page, brokerPort, fed);
    assert.ok(shown.points > 0, 'the chart draws the windows');
    const latest = await lastResult(brokerPort);
    assert.ok(latest && latest.start - shown.start <= 5000, 'the page is at most a few windows behind the topic');

    // The taobao-insights charts: each has data once the job has written a window.
    await page.waitForFunction(() => document.querySelectorAll('.card.is-empty').length === 0, undefined, { timeout: 30_000 });
    await page.locator('#status[data-state="live"]').waitFor();
    await screenshot(page, 'taobao');
  });

  it('renders Chinese labels with real glyphs, and switches to English', async () => {
    assert.equal(await page.locator('h1').textContent(), '淘宝双11 实时购物分析');
    assert.match((await page.locator('.kpi.girls .label').textContent()) ?? '', /女生/);
    const glyphsDiffer = await page.evaluate(() => {
      // With no CJK font both would be drawn as the same missing-glyph boxes.
      const canvas = document.createElement('canvas');
      canvas.width = 160;
      canvas.height = 48;
      const ctx = canvas.getContext('2d')!;
      const draw = (text: string) => {
        ctx.clearRect(0, 0, 160, 48);
        ctx.font = `32px ${getComputedStyle(document.body).fontFamily}`;
        ctx.fillText(text, 0, 36);
        return ctx.getImageData(0, 0, 160, 48).data.join();
      };
      return draw('女生') !== draw('男生');
    });
    assert.ok(glyphsDiffer, 'the Chinese labels render as glyphs');

    await page.locator('#lang').click();
    assert.equal(await page.locator('h1').textContent(), 'Taobao Double 11: live shopping analysis');
    assert.match((await page.locator('.kpi.girls .label').textContent()) ?? '', /Girls/);
    await screenshot(page, 'taobao-en');
    await page.locator('#lang').click();
    assert.match((await page.locator('.kpi.girls .label').textContent()) ?? '', /女生/);
  });

  it('/popularity ranks the pages of the last top-10 list, shows their values and escapes their names', async () => {
    const lists = [
      [
        { page: 'page7', popularity: 30.4 },
        { page: 'page3', popularity: 21 },
        { page: XSS, popularity: 12.5 },
      ],
      [
        { page: 'page3', popularity: 44.25 },
        { page: 'page7', popularity: 31.2 },
        { page: XSS, popularity: 12.5 },
        { page: 'page91', popularity: 3.75 },
      ],
    ];
    const start = Date.now() - 4000;
    await withProducer(broker.bootstrap, (p) =>
      p.send({
        messages: lists.map((top, i) => ({
          topic: 'popularity-top10',
          key: JSON.stringify({ start: start + i * 2000, end: start + (i + 1) * 2000 }),
          value: JSON.stringify(top),
          timestamp: start + (i + 1) * 2000 - 1,
          headers: new Map([
            ['window.start', String(start + i * 2000)],
            ['window.end', String(start + (i + 1) * 2000)],
          ]),
        })),
      }),
    );
    await page.goto(`${dashboard.url}/popularity`);
    const rows = page.locator('#top-table tbody tr');
    await waitFor('the table to hold the last list', async () => ((await rows.count()) === 4 ? true : undefined));
    const table = await rows.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    assert.deepEqual(
      table.map((r) => r.slice(0, 3)),
      [
        ['1', 'page3', '44.3'],
        ['2', 'page7', '31.2'],
        ['3', XSS, '12.5'],
        ['4', 'page91', '3.8'],
      ],
    );
    assert.deepEqual(
      table.map((r) => r[3]),
      ['▲ 1', '▼ 1', '–', '新上榜'],
    );
    assert.equal(await page.locator('#top-page').textContent(), 'page3');
    assert.equal(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), undefined, 'the page name ran as code');
    assert.equal(await page.locator('img[src="x"]').count(), 0, 'the page name became an element');
    await page.waitForFunction(() => document.querySelectorAll('.card.is-empty').length === 0);
    await screenshot(page, 'popularity');
  });

  it('/courses loads today from the store, names the courses, and follows topic course-clicks', async () => {
    await page.goto(`${dashboard.url}/courses`);
    await waitFor('the store totals', async () => ((await page.locator('#clicks-total').textContent()) === '74' ? true : undefined));
    assert.equal(await page.locator('#search-total').textContent(), '10');
    assert.equal(await page.locator('#top-course').textContent(), 'Spark SQL慕课网日志分析');
    assert.equal(await page.locator('#store-note').isHidden(), true);

    await withProducer(broker.bootstrap, (p) =>
      p.send({
        messages: [
          { topic: 'course-clicks', key: `course-clicks/${day}_128`, value: JSON.stringify({ table: 'course-clicks', rowKey: `${day}_128`, count: 60 }) },
          { topic: 'course-clicks', key: `course-search-clicks/${day}_cn.bing.com_128`, value: JSON.stringify({ table: 'course-search-clicks', rowKey: `${day}_cn.bing.com_128`, count: 5 }) },
        ],
      }),
    );
    await waitFor('the live totals', async () => ((await page.locator('#clicks-total').textContent()) === '109' ? true : undefined));
    assert.equal(await page.locator('#search-total').textContent(), '15');
    assert.equal(await page.locator('#top-course').textContent(), '10小时入门大数据');
    await screenshot(page, 'courses');
  });

  it('/system lists topics with end offsets, groups with lag, and each job with records per second and checkpoint age', async () => {
    const resultEnd = (await fetchAll(brokerPort, 'result')).highWatermark;
    await page.goto(`${dashboard.url}/system`);
    await waitFor('both jobs with a checkpoint age', async () => {
      const jobs = await page.locator('#jobs tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
      const names = jobs.map((j) => j[0]);
      return names.includes('gender') && names.includes('taobao-insights') && jobs.every((j) => /秒前/.test(j[4]!)) ? jobs : undefined;
    });
    // The view is at most one poll old: it has at least the end offset read before it was loaded, and no more than the one read after.
    const result = await waitFor('topic result with its end offset', async () => {
      const topics = await page.locator('#topics tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
      const row = topics.find((t) => t[0] === 'result');
      return row && number(row[3]!) >= resultEnd ? row : undefined;
    });
    assert.equal(result[1], '1', 'one partition');
    assert.ok(number(result[3]!) <= (await fetchAll(brokerPort, 'result')).highWatermark);
    const groups = await page.locator('#groups tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    assert.ok(
      groups.some((g) => g[0] === 'gender' && /sex: \d/.test(g[2]!)),
      `the gender job's group with its lag on sex in ${JSON.stringify(groups)}`,
    );
    // One lag per job: its group's, from the committed offsets, so the jobs table and the groups table agree (both
    // read in one step, from one rendering of the view).
    const both = await page.evaluate(() => {
      const rows = (id: string) => [...document.querySelectorAll(`#${id} tbody tr`)].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? ''));
      return { jobs: rows('jobs'), groups: rows('groups') };
    });
    const genderRow = both.jobs.find((j: string[]) => j[0] === 'gender');
    const genderGroup = both.groups.find((g: string[]) => g[0] === 'gender');
    assert.ok(genderRow && genderGroup, JSON.stringify(both));
    assert.equal(genderRow[3], genderGroup[3], `the job's lag is its group's: ${JSON.stringify(both)}`);
    assert.equal(await page.locator('#broker-state').textContent(), '运行中');
    await screenshot(page, 'system');
  });

  it('reconnects by itself when the dashboard restarts, and a reload shows the history at once', async () => {
    await page.goto(`${dashboard.url}/taobao`);
    await page.locator('#status[data-state="live"]').waitFor();
    await dashboard.stop();
    await page.locator('#status[data-state="disconnected"]').waitFor({ timeout: 30_000 });
    assert.equal(await page.locator('#banner').isVisible(), true);
    await startDashboard();
    await page.locator('#status[data-state="live"]').waitFor({ timeout: 30_000 });
    await withProducer(broker.bootstrap, (p) => fed.send(p, 30));
    await showsJobOutput(page, brokerPort, fed);

    await page.reload();
    // History comes from the topic, read back by the new process: many windows at once, not one point at a time.
    // The totals are a channel of their own and may land a moment after the windows.
    const shown = await waitFor('history and totals after the reload', async () => {
      const c = await pageCounters(page);
      return c.points >= 5 && c.totals.every((t) => t !== '') ? c : undefined;
    });
    assert.deepEqual(
      shown.totals.map(number),
      [fed.totals.girls, fed.totals.boys, fed.totals.unknown],
    );
  });

  it('shows the data as stale while the broker is down, and recovers when it is back', async () => {
    const before = await pageCounters(page);
    await broker.stop();
    await page.locator('#status[data-state="stale"]').waitFor({ timeout: 30_000 });
    assert.match((await page.locator('#banner').textContent()) ?? '', /Kafka broker/);
    const during = await pageCounters(page);
    assert.deepEqual(during.totals, before.totals, 'the last data stays on the page');
    await screenshot(page, 'taobao-stale');

    broker = await spawnBroker(brokerDir, brokerPort);
    await page.locator('#status[data-state="live"]').waitFor({ timeout: 60_000 });
    await withProducer(broker.bootstrap, (p) => fed.send(p, 30));
    await showsJobOutput(page, brokerPort, fed);
    assert.equal(await page.locator('#banner').isHidden(), true);
  });

  it('had no script errors, CSP violations or failed requests', () => {
    // The dashboard restarting and the broker going away close connections; anything else is a fault.
    assert.deepEqual(
      problems.filter((p) => !/ERR_CONNECTION_REFUSED|WebSocket connection to .* failed|net::ERR_/.test(p)),
      [],
    );
  });
});
