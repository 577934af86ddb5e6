// needs: chromium
// alone: it times the console's answer on a 1,000,000-record topic; other files on the 2 cores would time themselves
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { Producer } from '../../src/client/index.js';
import { startDashboard, type Dashboard } from '../../src/dashboard/server.js';
import { inProcessBroker } from '../helpers/broker.js';
import { createTopics } from '../helpers/produce.js';
import { openConsole } from './helpers.js';

// These run inside Chromium, through page.evaluate; the project compiles without the DOM library.
/* eslint-disable @typescript-eslint/no-explicit-any -- DOM objects inside page.evaluate, untyped without the DOM lib */
declare const document: any;
declare const requestAnimationFrame: any;
declare const MutationObserver: any;
/* eslint-enable @typescript-eslint/no-explicit-any */

const TOPIC = 'views-million';
const PARTITIONS = 4;
const RECORDS = 1_000_000;
/** Records per produce request: big, so the million goes in within seconds. */
const BATCH = 20_000;
const T0 = Date.UTC(2026, 0, 1);
const SHOWN = 100;
const BUDGET_MS = 500;

/** Record i: on partition i mod 4, stamped T0 + i, so the first 100 by time are records 0 to 99. */
const record = (i: number) => ({ topic: TOPIC, partition: i % PARTITIONS, key: `k${i}`, value: JSON.stringify({ i, item: 'oolong', price: (i % 50) + 0.5 }), timestamp: T0 + i });

async function produceMillion(bootstrap: string): Promise<void> {
  const producer = new Producer(bootstrap, { clientId: 'views-million', acks: 1 });
  try {
    // A few requests in flight at once: the broker appends while the next batch is encoded.
    const inFlight = new Set<Promise<void>>();
    for (let start = 0; start < RECORDS; start += BATCH) {
      const sent = producer.send({ messages: Array.from({ length: Math.min(BATCH, RECORDS - start) }, (_, j) => record(start + j)) });
      inFlight.add(sent);
      void sent.then(() => inFlight.delete(sent), () => undefined);
      if (inFlight.size >= 4) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
  } finally {
    await producer.close();
  }
}

describe('/console on a 1,000,000-record topic, in Chromium', { timeout: 120_000 }, () => {
  let broker: Awaited<ReturnType<typeof inProcessBroker>>;
  let dashboard: Dashboard;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  let producedMs = 0;

  before(async () => {
    broker = await inProcessBroker();
    await createTopics(broker.bootstrap, { [TOPIC]: PARTITIONS });
    const started = performance.now();
    await produceMillion(broker.bootstrap);
    producedMs = performance.now() - started;
    dashboard = await startDashboard({ bootstrap: broker.bootstrap, port: 0, pollIntervalMs: 60_000 });
    ({ browser, page, problems } = await openConsole(dashboard.url));
  });

  after(async () => {
    await browser?.close();
    await dashboard?.close();
    await broker?.stop();
  });

  /** Clicks Load and times, inside the page, from the click to the frame after the table holds `SHOWN` rows starting at `firstKey`. */
  const timedLoad = (firstKey: string) =>
    page.evaluate(
      ({ shown, first }) =>
        new Promise<number>((resolve) => {
          const body = document.querySelector('#messages tbody');
          const clicked = performance.now();
          const seen = new MutationObserver(() => {
            if (body.rows.length !== shown || body.rows[0].cells[3].textContent !== first) return;
            seen.disconnect();
            requestAnimationFrame(() => resolve(performance.now() - clicked));
          });
          seen.observe(body, { childList: true });
          document.querySelector('#msg-load').click();
        }),
      { shown: SHOWN, first: firstKey },
    );
  const shownRows = () =>
    page.locator('#messages tbody tr').evaluateAll((trs: { dataset: { partition: string; offset: string }; cells: { textContent: string }[] }[]) =>
      trs.map((tr) => `${tr.dataset.partition}:${tr.dataset.offset} ${tr.cells[3]!.textContent}`),
    );
  /** How record i shows: partition:offset key. */
  const row = (i: number) => `${i % PARTITIONS}:${Math.floor(i / PARTITIONS)} k${i}`;

  it('shows the first 100 messages within 500 ms of the Load click', async (t) => {
    t.diagnostic(`${RECORDS.toLocaleString('en-US')} records produced through src/client in ${(producedMs / 1000).toFixed(1)} s`);
    const topic = (await (await fetch(`${dashboard.url}/api/console/topics/${TOPIC}`)).json()) as { records: number };
    assert.equal(topic.records, RECORDS, 'the topic holds the million');
    await page.selectOption('#msg-topic', TOPIC);
    // Choosing the topic loads its newest 20; that answer must be in before the timed click.
    await page.locator('#msg-summary', { hasText: `20 messages of "${TOPIC}"` }).waitFor();
    await page.selectOption('#msg-partition', 'all');
    await page.selectOption('#msg-from', 'beginning');
    await page.fill('#msg-limit', String(SHOWN));
    const ms = await timedLoad('k0');
    t.diagnostic(`first ${SHOWN} of ${RECORDS.toLocaleString('en-US')} records shown ${ms.toFixed(0)} ms after the click (budget ${BUDGET_MS} ms)`);
    assert.deepEqual(await shownRows(), Array.from({ length: SHOWN }, (_, i) => row(i)));
    assert.ok(ms < BUDGET_MS, `the first ${SHOWN} took ${ms.toFixed(0)} ms, over ${BUDGET_MS} ms`);
    assert.deepEqual(problems, []);
  });

  it('shows the newest 100 (the view a topic opens with) within 500 ms too', async (t) => {
    await page.selectOption('#msg-from', 'end');
    const ms = await timedLoad(`k${RECORDS - SHOWN}`);
    t.diagnostic(`newest ${SHOWN} shown ${ms.toFixed(0)} ms after the click (budget ${BUDGET_MS} ms)`);
    assert.deepEqual(await shownRows(), Array.from({ length: SHOWN }, (_, i) => row(RECORDS - SHOWN + i)));
    assert.ok(ms < BUDGET_MS, `the newest ${SHOWN} took ${ms.toFixed(0)} ms, over ${BUDGET_MS} ms`);
    assert.deepEqual(problems, []);
  });
});
