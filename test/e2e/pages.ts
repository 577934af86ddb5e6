import assert from 'node:assert/strict';
import { join } from 'node:path';
import { launchChromium } from '../dashboard/helpers.js';
import { REPO_ROOT } from '../helpers/broker.js';
import { fetchAll } from '../helpers/fetch-all.js';

/** Retries `read` until it equals what `expected` says now, or fails with both. */
async function converges(what: string, timeoutMs: number, read: () => Promise<unknown>, expected: () => Promise<unknown>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let got: unknown;
  let want: unknown;
  do {
    [want, got] = [await expected(), await read()];
    if (JSON.stringify(got) === JSON.stringify(want)) return;
    await new Promise((r) => setTimeout(r, 500));
  } while (Date.now() < deadline);
  assert.deepEqual(got, want, `${what} did not match within ${timeoutMs} ms`);
}

/**
 * In Chromium: /taobao shows the numbers of the last `result` message, and
 * /courses shows today's course totals (which the caller checks against the
 * store once the demo has stopped).
 */
export async function checkPages(base: string, brokerPort: number, o: { courseTotals: () => { clicks: number; search: number } }): Promise<void> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    await page.goto(`${base}/taobao`);
    await page.locator('#status[data-state="live"]').waitFor({ timeout: 30_000 });
    await converges(
      '/taobao counters vs the last result message',
      30_000,
      async () => Promise.all(['#girls-now', '#boys-now', '#unknown-now'].map(async (id) => (await page.locator(id).textContent())?.trim())),
      async () => {
        const { records } = await fetchAll(brokerPort, 'result');
        const last = Object.assign({}, ...(JSON.parse(records[records.length - 1]!.value!.toString()) as Record<string, number>[]));
        return ['0', '1', '2'].map((g) => String(last[g] ?? '–'));
      },
    );

    await page.goto(`${base}/courses`);
    await converges(
      '/courses totals vs the access logs',
      30_000,
      async () => Promise.all(['#clicks-total', '#search-total'].map(async (id) => (await page.locator(id).textContent())?.replaceAll(',', '').trim())),
      async () => {
        const t = o.courseTotals();
        return [String(t.clicks), String(t.search)];
      },
    );
  } finally {
    await browser.close();
  }
}

/** The README's picture: /taobao while data flows, once the charts have finished animating. */
export async function screenshotTaobao(base: string, path: string): Promise<void> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    await page.goto(`${base}/taobao`);
    await page.locator('#status[data-state="live"]').waitFor({ timeout: 30_000 });
    await new Promise((r) => setTimeout(r, 4000));
    await page.screenshot({ path: join(REPO_ROOT, path) });
  } finally {
    await browser.close();
  }
}

/** Loads /taobao and waits until it shows a window of data; resolves when it does. */
export async function waitForFirstData(base: string, timeoutMs: number): Promise<void> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        await page.goto(`${base}/taobao`, { timeout: Math.max(1, deadline - Date.now()) });
        break;
      } catch (err) {
        if (Date.now() > deadline) throw err;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    // A function, not a string: the page's CSP forbids evaluating strings.
    const showsData = () => /^\d/.test((globalThis as unknown as { document: { getElementById(id: string): { textContent: string | null } | null } }).document.getElementById('girls-now')?.textContent ?? '');
    await page.waitForFunction(showsData, undefined, { timeout: Math.max(1, deadline - Date.now()) });
  } finally {
    await browser.close();
  }
}
