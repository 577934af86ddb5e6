// needs: chromium
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { CONTENT_SECURITY_POLICY } from '../../src/dashboard/plugins/security-headers.js';
import { freePort, REPO_ROOT, spawnBroker, tempDir, type BrokerProcess } from '../helpers/broker.js';
import { withProducer } from '../helpers/produce.js';
import { waitForValue } from '../helpers/wait-for.js';
import { scrape, spawnDashboard, type DashboardProcess } from './dashboard-process.js';
import { docsScreenshot, launchChromium, screenshot, sendGenderWindows, watchPage, type GenderWindowInput } from './helpers.js';

interface DrawnSeries {
  name: string;
  type: string;
  data: unknown[];
}

/**
 * What the page's ECharts instance holds, read from ECharts itself: the module the page
 * imported is the same one a dynamic import gets, so getInstanceByDom finds its chart.
 * A string, as the project compiles without the DOM library.
 */
const DRAWN = `import('/vendor/echarts.esm.min.js').then((echarts) => {
  const chart = echarts.getInstanceByDom(document.getElementById('page-chart'));
  return chart ? chart.getOption().series.map((s) => ({ name: s.name, type: s.type, data: s.data })) : [];
})`;

const drawn = (page: Page) => page.evaluate(DRAWN) as Promise<DrawnSeries[]>;

/** The line each gender series should draw: one [timestamp, count] per window, as the records carry them. */
function genderLines(windows: readonly GenderWindowInput[]) {
  const at = (w: GenderWindowInput) => w.start + 999;
  return [
    { name: 'Girls 女生', type: 'line', data: windows.map((w) => [at(w), w.girls]) },
    { name: 'Boys 男生', type: 'line', data: windows.map((w) => [at(w), w.boys]) },
  ];
}

const XSS = '<img src=x onerror="window.__xss=1">';

describe('a --page chart in Chromium: any JSON topic, live, with history', { timeout: 300_000 }, () => {
  const dir = tempDir();
  const salesPage = join(dir, 'sales.json');
  const barPage = join(dir, 'sales-bar.json');
  const numberPage = join(dir, 'sales-number.json');
  const genderPage = join(REPO_ROOT, 'examples', 'pages', 'gender.json');
  const popularityPage = join(REPO_ROOT, 'examples', 'pages', 'popularity.json');
  const second = Math.floor(Date.now() / 1000) * 1000;
  // Oldest first, as a job writes them: the first is older than the page's 5-minute window, so it is not history.
  const stale: GenderWindowInput = { start: second - 10 * 60_000, girls: 99, boys: 99 };
  // Shoppers per second as a day's traffic might have them; any numbers do, as long as they are known.
  const windowAt = (i: number): GenderWindowInput => ({
    start: second - 100_000 + i * 1000,
    girls: Math.round(24 + 9 * Math.sin(i / 6) + ((i * 7) % 5)),
    boys: Math.round(15 + 6 * Math.cos(i / 8) + ((i * 3) % 4)),
    unknown: i % 3,
  });
  const first = Array.from({ length: 90 }, (_, i) => windowAt(i));
  const more = [90, 91, 92, 93, 94].map(windowAt);
  let broker: BrokerProcess;
  let dashboard: DashboardProcess;
  let dashboardPort: number;
  let browser: Browser;
  let page: Page;
  let problems: string[];

  const startDashboard = async () =>
    (dashboard = await spawnDashboard(['--port', String(dashboardPort), '--bootstrap', broker.bootstrap, '--store', join(dir, 'no-store'), '--page', genderPage, '--page', salesPage, '--page', barPage, '--page', numberPage, '--page', popularityPage]));

  before(async () => {
    broker = await spawnBroker(join(dir, 'broker'), await freePort());
    dashboardPort = await freePort();
    writeFileSync(
      salesPage,
      JSON.stringify({ name: 'sales', title: 'Sales by region', topic: 'sales', time: { field: 'at' }, series: { splitBy: 'region', value: 'amount' }, chart: 'pie', reduce: 'sum', window: '10m' }),
    );
    const split = { topic: 'sales', time: { field: 'at' }, series: { splitBy: 'region', value: 'amount' } };
    writeFileSync(barPage, JSON.stringify({ ...split, chart: 'bar', reduce: 'max' }));
    writeFileSync(numberPage, JSON.stringify({ ...split, chart: 'number', reduce: 'last' }));
    await withProducer(broker.bootstrap, (p) => sendGenderWindows(p, [stale, ...first]));
    await startDashboard();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    problems = watchPage(page);
  });

  after(async () => {
    await browser?.close();
    await dashboard?.stop();
    await broker?.stop();
  });

  it('/p/gender draws the windows in the topic (from the page window back, not older), from the 10-line example config', async () => {
    const response = await page.goto(`${dashboard.url}/p/gender`);
    assert.equal(response?.headers()['content-security-policy'], CONTENT_SECURITY_POLICY);
    assert.match(dashboard.output(), /page http:\/\/127\.0\.0\.1:\d+\/p\/gender charts topic result/);
    const expected = genderLines(first);
    const series = await waitForValue('/p/gender to draw the 90 windows', () => drawn(page), (s) => JSON.stringify(s) === JSON.stringify(expected));
    assert.deepEqual(series, expected);
    assert.equal(await page.locator('h1').textContent(), 'Shoppers per second by gender (topic result)');
    await page.locator('#status[data-state="live"]').waitFor();
  });

  it('updates live as records arrive, and a reload brings the same history back', async () => {
    await withProducer(broker.bootstrap, (p) => sendGenderWindows(p, more));
    const expected = genderLines([...first, ...more]);
    await waitForValue('/p/gender to draw the five new windows without a reload', () => drawn(page), (s) => JSON.stringify(s) === JSON.stringify(expected));
    await page.reload();
    await waitForValue('/p/gender to draw all 95 windows after a reload', () => drawn(page), (s) => JSON.stringify(s) === JSON.stringify(expected));
    await screenshot(page, 'topic-page-gender');
    await docsScreenshot(page, 'page-gender.png', { x: 0, y: 0, width: 1280, height: 610 });
    assert.deepEqual(problems, []);
  });

  it('a restarted dashboard reads its history back from the topic', async () => {
    // Off the page meanwhile, so no socket of it knocks at the closed port: the test is of the history, not of the reconnection.
    await page.goto('about:blank');
    await dashboard.stop();
    await startDashboard();
    await page.goto(`${dashboard.url}/p/gender`);
    const expected = genderLines([...first, ...more]);
    await waitForValue('/p/gender to draw all 95 windows from the topic after a restart', () => drawn(page), (s) => JSON.stringify(s) === JSON.stringify(expected));
  });

  it('/p/sales splits a topic into series by a field, with the time from a field, and sums them in a pie', async () => {
    const at = (s: number) => new Date(second - s * 1000).toISOString();
    const send = (rows: object[]) =>
      withProducer(broker.bootstrap, (p) => p.send({ messages: rows.map((row) => ({ topic: 'sales', value: JSON.stringify(row) })) }));
    // One record per sale, and one record holding a list of them.
    await send([
      { region: 'north', amount: 5, at: at(30) },
      { region: 'south', amount: 2, at: at(20) },
      [
        { region: 'north', amount: 4, at: at(10) },
        { region: XSS, amount: 1, at: at(10) },
      ],
    ]);
    await page.goto(`${dashboard.url}/p/sales`);
    const pie = (data: [string, number][]) => [{ name: 'Sales by region', type: 'pie', data: data.map(([name, value]) => ({ name, value })) }];
    const values = async () => (await drawn(page)).map((s) => ({ ...s, data: s.data.map((d) => ({ name: (d as { name: string }).name, value: (d as { value: number }).value })) }));
    await waitForValue('/p/sales to sum each region', values, (s) => JSON.stringify(s) === JSON.stringify(pie([['north', 9], ['south', 2], [XSS, 1]])));
    await send([{ region: 'south', amount: 6, at: at(5) }]);
    await waitForValue('/p/sales to add the new sale live', values, (s) => JSON.stringify(s) === JSON.stringify(pie([['north', 9], ['south', 8], [XSS, 1]])));
    assert.equal(await page.evaluate('window.__xss'), undefined, 'a series named with HTML is drawn as text');
    await screenshot(page, 'topic-page-sales');
    await docsScreenshot(page, 'page-sales.png', { x: 0, y: 0, width: 1280, height: 610 });
  });

  it('/p/sales-bar draws each region\'s largest sale as a bar, /p/sales-number its last as a big number', async () => {
    await page.goto(`${dashboard.url}/p/sales-bar`);
    const bars = async () => (await drawn(page)).map((s) => ({ type: s.type, data: s.data.map((d) => (d as { value: number }).value) }));
    await waitForValue('/p/sales-bar to show the largest sale per region', bars, (s) => JSON.stringify(s) === JSON.stringify([{ type: 'bar', data: [5, 6, 1] }]));
    await page.goto(`${dashboard.url}/p/sales-number`);
    const numbers = () => page.locator('#page-numbers .kpi').evaluateAll((cards) => cards.map((c) => [c.getAttribute('data-series'), c.querySelector('.value')?.getAttribute('data-value')]));
    await waitForValue('/p/sales-number to show the last sale per region', numbers, (n) => JSON.stringify(n) === JSON.stringify([['north', '4'], ['south', '6'], [XSS, '1']]));
    assert.equal(await page.locator('#page-numbers .kpi .label').last().textContent(), XSS, 'a series named with HTML is shown as text');
    await screenshot(page, 'topic-page-number');
  });

  it('/p/popularity (the other example) draws a line per page of the top-10 lists, split by the "page" field', async () => {
    const lists = [
      [{ page: 'page37', popularity: 12.5 }, { page: 'page2', popularity: 40 }],
      [{ page: 'page37', popularity: 20 }, { page: 'page9', popularity: 3 }],
    ];
    const at = (i: number) => second - 8000 + i * 2000;
    await withProducer(broker.bootstrap, (p) => p.send({ messages: lists.map((top, i) => ({ topic: 'popularity-top10', value: JSON.stringify(top), timestamp: at(i) })) }));
    await page.goto(`${dashboard.url}/p/popularity`);
    const expected = [
      { name: 'page37', type: 'line', data: [[at(0), 12.5], [at(1), 20]] },
      { name: 'page2', type: 'line', data: [[at(0), 40]] },
      { name: 'page9', type: 'line', data: [[at(1), 3]] },
    ];
    await waitForValue('/p/popularity to draw a line per page', () => drawn(page), (s) => JSON.stringify(s) === JSON.stringify(expected));
  });

  it('counts the records each page read in /metrics: the window of the topic, not older', async () => {
    const samples = await scrape(dashboard.url);
    assert.equal(samples.get('streamdash_dashboard_page_records_total{page="gender",topic="result"}'), first.length + more.length);
    for (const page of ['sales', 'sales-bar', 'sales-number']) assert.equal(samples.get(`streamdash_dashboard_page_records_total{page="${page}",topic="sales"}`), 4);
    assert.equal(samples.get('streamdash_dashboard_clients{page="p/popularity"}'), 1);
  });

  it('answers an unknown page with a 404 that lists the pages served, and the page reported no problem', async () => {
    const response = await fetch(`${dashboard.url}/p/nothing`);
    assert.equal(response.status, 404);
    assert.match(await response.text(), /no page "nothing".*serves \/p\/gender, \/p\/sales, \/p\/sales-bar, \/p\/sales-number, \/p\/popularity/);
    assert.deepEqual(problems, []);
  });
});
