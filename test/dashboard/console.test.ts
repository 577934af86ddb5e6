// needs: chromium
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createAdmin } from '../../src/client/index.js';
import { startDashboard, type Dashboard } from '../../src/dashboard/server.js';
import { CONTENT_SECURITY_POLICY } from '../../src/dashboard/plugins/security-headers.js';
import { inProcessBroker } from '../helpers/broker.js';
import { createTopics, produce } from '../helpers/produce.js';
import { docsScreenshot, launchChromium, watchPage } from './helpers.js';

// These run inside Chromium, through page.evaluate; the project compiles without the DOM library.
/* eslint-disable @typescript-eslint/no-explicit-any -- DOM objects inside page.evaluate, untyped without the DOM lib */
declare const document: any;
declare const window: any;
/* eslint-enable @typescript-eslint/no-explicit-any */

describe('/console in Chromium against the embedded broker', { timeout: 120_000 }, () => {
  let broker: Awaited<ReturnType<typeof inProcessBroker>>;
  let dashboard: Dashboard;
  let browser: Browser;
  let page: Page;
  let problems: string[];

  before(async () => {
    broker = await inProcessBroker();
    await createTopics(broker.bootstrap, { 'console-orders': 3 });
    // Known data: 5 records on partition 0, 2 on partition 1, none on partition 2.
    await produce(broker.bootstrap, 'console-orders', ['a', 'b', 'c', 'd', 'e'], 0);
    await produce(broker.bootstrap, 'console-orders', ['f', 'g'], 1);
    dashboard = await startDashboard({ bootstrap: broker.bootstrap, port: 0, pollIntervalMs: 60_000 });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    problems = watchPage(page);
  });

  after(async () => {
    await browser?.close();
    await dashboard?.close();
    await broker?.stop();
  });

  it('lists the topic with its partitions and offsets, under the pages\' CSP', async () => {
    const response = await page.goto(`${dashboard.url}/console`);
    assert.equal(response?.headers()['content-security-policy'], CONTENT_SECURITY_POLICY);
    await page.locator('body[data-ready="true"]').waitFor();
    const row = page.locator('#topics tr[data-topic="console-orders"]');
    assert.equal(await row.locator('td').nth(1).textContent(), '3');
    assert.equal(await row.locator('td.end').textContent(), '7');
    assert.equal(await row.locator('td.records').textContent(), '7');
    // Its bytes on disk, as DescribeLogDirs reports them: at least the 7 one-letter values with their batch headers.
    const probe = createAdmin(broker.bootstrap, 'console-size');
    try {
      const dirs = await probe.logDirs(new Map([['console-orders', 3]]));
      const bytes = dirs.reduce((n, d) => n + (d.topicBytes.get('console-orders') ?? 0), 0);
      assert.ok(bytes >= 7 + 2 * 61, `${bytes} bytes`);
      assert.equal(await row.locator('td.size').getAttribute('data-bytes'), String(bytes));
    } finally {
      await probe.close();
    }

    await row.locator('a').click();
    await page.locator('#partitions tr[data-partition="2"]').waitFor();
    const partitions = await page.evaluate(() =>
      [...document.querySelectorAll('#partitions tbody tr')].map((tr: { cells: { textContent: string }[] }) => [...tr.cells].map((c) => c.textContent).join(' ')),
    );
    // partition, leader (the single node), start, end, records
    const leader = partitions[0]!.split(' ')[1];
    assert.deepEqual(partitions, [`0 ${leader} 0 5 5`, `1 ${leader} 0 2 2`, `2 ${leader} 0 0 0`]);
    // DescribeConfigs through the client: every topic config, none of them set on this topic.
    assert.match((await page.locator('#detail-configs').textContent()) ?? '', /^[1-9]\d+ configs; set on this topic: none \(all defaults\)$/);
    // The page's top down to the topic's partitions; the views under it have their own pictures (console-views.test.ts).
    const detail = (await page.locator('#topic-detail').boundingBox())!;
    const scroll = await page.evaluate(() => window.scrollY as number);
    await docsScreenshot(page, 'topics.png', { x: 0, y: 0, width: 1280, height: detail.y + scroll + detail.height + 12 });
    assert.deepEqual(problems, []);
  });

  it('creates a topic with partitions and configs, and deletes it only after its name is typed', async () => {
    await page.fill('#new-name', 'console-created');
    await page.fill('#new-partitions', '4');
    await page.fill('#new-configs', 'retention.ms=3600000');
    await page.click('#create');
    const row = page.locator('#topics tr[data-topic="console-created"]');
    await row.waitFor();
    assert.equal(await row.locator('td').nth(1).textContent(), '4');
    const admin = createAdmin(broker.bootstrap, 'console-test');
    try {
      assert.equal((await admin.describeTopic('console-created')).partitions.length, 4);

      await row.locator('button.delete').click();
      await page.locator('#delete-confirm:not([hidden])').waitFor();
      assert.match((await page.locator('#delete-question').textContent()) ?? '', /"console-created"/);
      await page.click('#delete-yes');
      assert.match((await page.locator('#console-error').textContent()) ?? '', /type "console-created"/);
      assert.ok((await admin.listTopics()).includes('console-created'), 'not deleted without the name typed');

      await page.fill('#delete-typed', 'console-created');
      await page.click('#delete-yes');
      await row.waitFor({ state: 'detached', timeout: 5000 }).catch(async (error: unknown) => {
        throw new Error(`still listed; the page says: ${await page.locator('#console-error').textContent()}`, { cause: error });
      });
      assert.ok(!(await admin.listTopics()).includes('console-created'));
    } finally {
      await admin.close();
    }
  });

  it('refuses reads and changes without the token when one is set, and accepts them with it', async () => {
    const guarded = await startDashboard({ bootstrap: broker.bootstrap, port: 0, pollIntervalMs: 60_000, token: 's3cret' });
    try {
      const create = (token?: string) =>
        fetch(`${guarded.url}/api/console/topics`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(token !== undefined && { authorization: `Bearer ${token}` }) },
          body: JSON.stringify({ name: 'console-guarded', partitions: 1 }),
        });
      assert.equal((await create()).status, 401);
      assert.equal((await create('wrong!')).status, 401);
      assert.equal((await fetch(`${guarded.url}/api/console/topics`)).status, 401, 'reading needs the token too');
      assert.equal((await fetch(`${guarded.url}/api/console/topics`, { headers: { authorization: 'Bearer s3cret' } })).status, 200);
      assert.equal((await create('s3cret')).status, 201);
      const bad = await fetch(`${guarded.url}/api/console/topics`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer s3cret' },
        body: JSON.stringify({ name: '<script>', partitions: 1 }),
      });
      assert.equal(bad.status, 400);
      assert.match(((await bad.json()) as { error: string }).error, /topic name/);
    } finally {
      await guarded.close();
    }
  });
});
