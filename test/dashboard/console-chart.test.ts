// needs: chromium
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { Producer } from '../../src/client/index.js';
import { startDashboard, type Dashboard } from '../../src/dashboard/server.js';
import { freePort, inProcessBroker, tempDir } from '../helpers/broker.js';
import { createTopics } from '../helpers/produce.js';
import { waitForValue } from '../helpers/wait-for.js';
import { spawnDashboard, type DashboardProcess } from './dashboard-process.js';
import { docsScreenshot, openConsole, screenshot, watchPage } from './helpers.js';

// Runs inside Chromium, through page.evaluate; the project compiles without the DOM library.
declare const window: { scrollY: number };

interface Drawn {
  series: { name: string; type: string; data: unknown[] }[];
  categories: unknown[];
}

/** What the ECharts instance in element `id` holds, read from ECharts itself (the page's own module instance). */
const drawn = (page: Page, id: string) =>
  page.evaluate(
    `import('/vendor/echarts.esm.min.js').then((echarts) => {
      const chart = echarts.getInstanceByDom(document.getElementById(${JSON.stringify(id)}));
      if (!chart) return { series: [], categories: [] };
      const option = chart.getOption();
      return {
        series: option.series.map((s) => ({ name: s.name, type: s.type, data: s.data })),
        categories: option.xAxis?.[0]?.data ?? [],
      };
    })`,
  ) as Promise<Drawn>;

/** The figures of a bar chart: its categories and each bar's value. */
const bars = async (page: Page, id: string) => {
  const d = await drawn(page, id);
  return { categories: d.categories, values: d.series.flatMap((s) => s.data.map((v) => (v as { value: number }).value)) };
};

interface Sale {
  region: string;
  amount: number;
  items: number;
  at: string;
}

describe("the console's chart builder in Chromium: a JSON topic's chart, previewed live, saved, served by --page", { timeout: 90_000 }, () => {
  const dir = tempDir();
  const topic = 'chart-sales';
  const second = Math.floor(Date.now() / 1000) * 1000;
  const regions = ['north', 'south', 'west'];
  // Sales a second apart in the last minute; the time is a field ("at"), one record per sale.
  const sales: Sale[] = Array.from({ length: 24 }, (_, i) => ({
    region: regions[(i * 7) % 3]!,
    amount: 3 + ((i * 5) % 11),
    items: 1 + (i % 4),
    at: new Date(second - 60_000 + i * 1000).toISOString(),
  }));
  const late: Sale = { region: 'south', amount: 40, items: 2, at: new Date(second - 1000).toISOString() };
  let broker: Awaited<ReturnType<typeof inProcessBroker>>;
  let dashboard: Dashboard;
  let served: DashboardProcess | undefined;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  let producer: Producer;
  let savedFile: string;
  let savedFigures: { categories: unknown[]; values: number[] };

  const send = (rows: Sale[]) => producer.send({ messages: rows.map((row, i) => ({ topic, partition: i % 2, value: JSON.stringify(row) })) });
  /** Each region's sum, in the order regions first appear in time, as a split series' bars are. */
  const sums = (rows: Sale[]) => {
    const byRegion = new Map<string, number>();
    for (const r of [...rows].sort((a, b) => a.at.localeCompare(b.at))) byRegion.set(r.region, (byRegion.get(r.region) ?? 0) + r.amount);
    return { categories: [...byRegion.keys()], values: [...byRegion.values()] };
  };

  before(async () => {
    broker = await inProcessBroker();
    await createTopics(broker.bootstrap, { [topic]: 2 });
    producer = new Producer(broker.bootstrap, { clientId: 'chart-test', acks: -1 });
    await send(sales);
    dashboard = await startDashboard({ bootstrap: broker.bootstrap, port: 0, pollIntervalMs: 60_000 });
    ({ browser, page, problems } = await openConsole(dashboard.url));
    await page.locator('body[data-chart-ready="true"]').waitFor();
  });

  after(async () => {
    await browser?.close();
    await served?.stop();
    await dashboard?.close();
    await producer?.close();
    await broker?.stop();
  });

  it("offers the topic's fields from its newest values: numbers for series, text to split by, a time field", async () => {
    await page.selectOption('#chart-topic', topic);
    await page.locator('#chart-fields input[data-field="items"]').waitFor();
    const options = (id: string) => page.locator(`#${id} option`).evaluateAll((os: { value: string }[]) => os.map((o) => o.value));
    assert.deepEqual(await options('chart-time'), ['', 'at']);
    assert.deepEqual(await options('chart-split'), ['', 'region']);
    assert.deepEqual(await page.locator('#chart-fields input').evaluateAll((bs: { value: string }[]) => bs.map((b) => b.value)), ['amount', 'items']);
    assert.equal(await page.locator('#chart-sampled').textContent(), '24 of its 24 newest values are JSON: 2 number, 1 text and 1 time fields');
  });

  it('previews a line per number field, with the time from a field, equal to the records', async () => {
    await page.selectOption('#chart-time', 'at');
    const sorted = [...sales].sort((a, b) => a.at.localeCompare(b.at));
    const expected = ['amount', 'items'].map((field) => ({ name: field, type: 'line', data: sorted.map((s) => [Date.parse(s.at), s[field as 'amount' | 'items']]) }));
    const d = await waitForValue('the preview to draw both lines', () => drawn(page, 'chart-preview'), (v) => JSON.stringify(v.series) === JSON.stringify(expected));
    assert.deepEqual(d.series, expected);
    await page.uncheck('#chart-fields input[data-field="items"]');
    await waitForValue('the preview to drop the unchecked field', () => drawn(page, 'chart-preview'), (v) => JSON.stringify(v.series) === JSON.stringify(expected.slice(0, 1)));
  });

  it('previews bars split by a text field, summed over the window, and adds a new record live', async () => {
    await page.selectOption('#chart-split', 'region');
    await page.selectOption('#chart-value', 'amount');
    await page.selectOption('#chart-kind', 'bar');
    await page.selectOption('#chart-reduce', 'sum');
    await page.fill('#chart-window', '10m');
    await page.fill('#chart-title', 'Sales by region');
    const expected = sums(sales);
    await waitForValue("the preview to sum each region's sales", () => bars(page, 'chart-preview'), (v) => JSON.stringify(v) === JSON.stringify(expected));
    await send([late]);
    savedFigures = await waitForValue('the preview to add the new sale', () => bars(page, 'chart-preview'), (v) => JSON.stringify(v) === JSON.stringify(sums([...sales, late])));
    assert.equal(await page.locator('#chart-status').textContent(), `${sales.length + 1} points from ${sales.length + 1} records; live`);
  });

  it('names the key at fault in a config that cannot be served, as --page would', async () => {
    await page.fill('#chart-window', 'soon');
    await page.locator('#chart-view[data-state="error"]').waitFor();
    assert.equal(await page.locator('#chart-box').isHidden(), true, 'the last chart is not shown as if it were this config\'s');
    assert.equal(await page.locator('#chart-problem').textContent(), 'page config the chart builder: "window" must be a duration such as "30s", "5m" or "1h"; got "soon" (see docs/dashboard.md, "Charts for any topic")');
    await page.locator('#chart-save').click();
    await waitForValue('Save to refuse the config', () => page.locator('#chart-problem').textContent(), (t) => t?.includes('"window" must be a duration') === true);
    assert.equal(await page.locator('#chart-saved').isHidden(), true);
    // The refusal is the only problem the page reports: the check's 400, which the browser logs as well.
    assert.deepEqual(problems.splice(0), [
      `HTTP 400 ${dashboard.url}/api/console/page-configs/check`,
      'console error: Failed to load resource: the server responded with a status of 400 (Bad Request)',
    ]);
    await page.fill('#chart-window', '10m');
    await page.locator('#chart-view[data-state="live"]').waitFor();
    assert.equal(await page.locator('#chart-box').isVisible(), true);
    assert.equal(await page.locator('#chart-problem').textContent(), '');
    await waitForValue('the preview to draw again', () => bars(page, 'chart-preview'), (v) => JSON.stringify(v) === JSON.stringify(savedFigures));
  });

  it('saves the page config `--page` takes, and shows the command that serves it', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#chart-save').click()]);
    assert.equal(download.suggestedFilename(), 'chart-sales.json');
    savedFile = join(dir, download.suggestedFilename());
    await download.saveAs(savedFile);
    assert.deepEqual(JSON.parse(readFileSync(savedFile, 'utf8')), {
      name: 'chart-sales',
      title: 'Sales by region',
      topic,
      time: { field: 'at' },
      series: { splitBy: 'region', value: 'amount' },
      chart: 'bar',
      reduce: 'sum',
      window: '10m',
    });
    assert.equal(await page.locator('#chart-command').textContent(), `streamdash dashboard --bootstrap ${broker.bootstrap} --page chart-sales.json\n# serves it at /p/chart-sales`);
    const box = (await page.locator('#chart-view').boundingBox())!;
    const scroll = await page.evaluate(() => window.scrollY as number);
    await docsScreenshot(page, 'chart.png', { x: 0, y: box.y + scroll - 12, width: 1280, height: box.height + 24 });
    assert.deepEqual(problems, []);
  });

  it('`streamdash dashboard --page` with the saved file shows at /p/chart-sales the figures of the preview', async () => {
    served = await spawnDashboard(['--port', String(await freePort()), '--bootstrap', broker.bootstrap, '--store', join(dir, 'no-store'), '--page', savedFile]);
    const other = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const otherProblems = watchPage(other);
    await other.goto(`${served.url}/p/chart-sales`);
    const figures = await waitForValue('/p/chart-sales to draw the sums', () => bars(other, 'page-chart'), (v) => JSON.stringify(v) === JSON.stringify(savedFigures));
    assert.deepEqual(figures, savedFigures);
    assert.equal(await other.locator('h1').textContent(), 'Sales by region');
    assert.deepEqual(otherProblems, []);
  });

  it('draws the same sums as big numbers and as a pie, and a reload opens the same chart again, its history read back from the topic', async () => {
    await page.selectOption('#chart-kind', 'number');
    const numbers = () => page.locator('#chart-numbers .kpi').evaluateAll((cards: { dataset: { series: string }; querySelector(s: string): { dataset: { value: string } } }[]) => cards.map((c) => [c.dataset.series, Number(c.querySelector('.value').dataset.value)]));
    const figures = savedFigures.categories.map((c, i) => [c, savedFigures.values[i]]);
    await waitForValue('a big number per region', numbers, (v) => JSON.stringify(v) === JSON.stringify(figures));
    assert.equal(await page.locator('#chart-preview').isHidden(), true);
    await page.selectOption('#chart-kind', 'pie');
    const pie = async () => (await drawn(page, 'chart-preview')).series.flatMap((s) => s.data.map((d) => [(d as { name: string }).name, (d as { value: number }).value]));
    const expected = figures;
    await waitForValue('the pie of the same sums', pie, (v) => JSON.stringify(v) === JSON.stringify(expected));
    await page.reload();
    await page.locator('body[data-chart-ready="true"]').waitFor();
    assert.deepEqual(
      await Promise.all(['chart-topic', 'chart-time', 'chart-split', 'chart-value', 'chart-kind', 'chart-reduce', 'chart-window', 'chart-name', 'chart-title'].map((id) => page.locator(`#${id}`).inputValue())),
      [topic, 'at', 'region', 'amount', 'pie', 'sum', '10m', 'chart-sales', 'Sales by region'],
    );
    await waitForValue('the pie of the same sums after a reload', pie, (v) => JSON.stringify(v) === JSON.stringify(expected));
    await screenshot(page, 'console-chart-pie');
    assert.deepEqual(problems, []);
  });

  it('checks a config over the JSON API as --page does: 400 naming the key, or the page it serves', async () => {
    const check = (config: unknown) => fetch(`${dashboard.url}/api/console/page-configs/check`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ config }) });
    const bad = await check({ topic, series: [], chart: 'bar' });
    assert.equal(bad.status, 400);
    assert.deepEqual(await bad.json(), { error: 'page config the chart builder: "series" must list at least one field (see docs/dashboard.md, "Charts for any topic")', key: 'series' });
    const good = await check(JSON.parse(readFileSync(savedFile, 'utf8')));
    assert.equal(good.status, 200);
    assert.deepEqual(await good.json(), {
      page: { name: 'chart-sales', title: 'Sales by region', topic, time: { from: 'field', field: 'at' }, series: { kind: 'split', splitBy: 'region', value: 'amount' }, chart: 'bar', reduce: 'sum', windowMs: 600_000 },
    });
  });

  it('counts a record the config does not fit, says why, and goes on drawing the rest', async () => {
    await producer.send({ messages: [{ topic, partition: 0, value: 'not json' }] });
    const total = sales.length + 2;
    await waitForValue('the preview to tell the record it skipped', () => page.locator('#chart-problem').textContent(), (t) => t !== '');
    assert.equal(
      await page.locator('#chart-problem').textContent(),
      `1 of ${total} records give no point: a message on topic "chart-sales" does not fit page "chart-sales": the value is not JSON; fix the page config or what writes the topic`,
    );
    assert.equal(await page.locator('#chart-status').textContent(), `${total - 1} points from ${total} records; live`);
  });
});
