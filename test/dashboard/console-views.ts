import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { consumeLoop, createAdmin, Producer, type Admin } from '../../src/client/index.js';
import type { ShownMessage } from '../../src/dashboard/console/messages.js';
import { startDashboard, type Dashboard } from '../../src/dashboard/server.js';
import { genderJob } from '../../src/apps/gender/gender-job.js';
import { StreamRuntime } from '../../src/stream/runtime/index.js';
import { createTopics } from '../helpers/produce.js';
import { waitFor } from '../helpers/wait-for.js';
import { docsScreenshot, openConsole } from './helpers.js';

// These run inside Chromium, through page.evaluate; the project compiles without the DOM library.
/* eslint-disable @typescript-eslint/no-explicit-any -- DOM objects inside page.evaluate, untyped without the DOM lib */
declare const document: any;
declare const window: any;
/* eslint-enable @typescript-eslint/no-explicit-any */

const T0 = Date.UTC(2026, 0, 1);
const ORDER = { order: 1, item: 'oolong', price: 4.5 };
const BINARY = Buffer.from([0x00, 0x01, 0x02, 0xff]);
const SCRIPT = '<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">';
const spaced = (b: Buffer) => b.toString('hex').replace(/(..)(?!$)/g, '$1 ');

/** The Kafka error names inside a client failure (the client nests them in AggregateErrors, per request and partition). */
const kafkaErrors = (e: unknown): string[] =>
  e instanceof AggregateError ? e.errors.flatMap(kafkaErrors) : typeof e === 'object' && e !== null && 'apiId' in e ? [String(e.apiId)] : [];

interface GroupOffsets {
  lag: number;
  offsets: { topic: string; partition: number; committed: number | null; end: number; lag: number | null }[];
}

/** The Kafka the views are tested against: the embedded broker, or a real Kafka. */
export interface ViewsTarget {
  /** What the suite's title says it runs against. */
  name: string;
  start(): Promise<{ bootstrap: string; stop(): Promise<void> }>;
  /** Whether its pictures may go into docs/console (the embedded broker's, which docs/console.md describes). */
  screenshots: boolean;
  timeoutMs: number;
}

/**
 * The console's views in Chromium against `target`, with known data: messages, produce,
 * escaping, tail and search, groups and their lag, reset, the login. One body for every
 * target, so the embedded broker and Kafka answer the same assertions.
 */
export function describeConsoleViews(target: ViewsTarget): void {
  describe(`/console views in Chromium against ${target.name}: messages, produce, groups, reset`, { timeout: target.timeoutMs }, () => {
    let broker: { bootstrap: string; stop(): Promise<void> };
    let dashboard: Dashboard;
    let admin: Admin;
    let browser: Browser;
    let page: Page;
    let problems: string[];
    const api = async <T>(path: string, body?: unknown): Promise<T> => {
      const r = await fetch(`${dashboard.url}/api/console${path}`, {
        ...(body !== undefined && { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
      });
      assert.equal(r.status, 200, `${path} answered ${r.status}`);
      return (await r.json()) as T;
    };
    const cells = (rows: Locator) => rows.evaluateAll((trs: { cells: { textContent: string }[] }[]) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
    /** The table's cells once they equal `expected`: the page fills a table after its heading, so a first read can still see the last group's rows. */
    const cellsOnce = async (rows: Locator, expected: string[][]) => {
      const same = (c: string[][]) => JSON.stringify(c) === JSON.stringify(expected);
      await waitFor('the table to show the expected rows', async () => same(await cells(rows)), { timeoutMs: 10_000 }).catch(() => undefined);
      return cells(rows);
    };
    const shot = async (name: string, ...sections: Locator[]) => {
      if (!target.screenshots) return;
      const boxes = await Promise.all(sections.map(async (s) => (await s.boundingBox())!));
      const y = Math.min(...boxes.map((b) => b.y));
      const bottom = Math.max(...boxes.map((b) => b.y + b.height));
      const shown = sections[0]!.page();
      const scroll = await shown.evaluate(() => window.scrollY as number);
      await docsScreenshot(shown, name, { x: 0, y: y + scroll - 12, width: 1280, height: bottom - y + 24 });
    };

    before(async () => {
      broker = await target.start();
      await createTopics(broker.bootstrap, { 'views-orders': 2, 'views-lag': 2 });
      const producer = new Producer(broker.bootstrap, { clientId: 'views-test', acks: -1 });
      try {
        // Known data, a millisecond apart so the all-partitions view has one order: a JSON order,
        // a text and a binary value on p0; a keyless text on p1. views-lag: 6 on p0, 4 on p1.
        await producer.send({
          messages: [
            { topic: 'views-orders', partition: 0, key: 'order-1', value: JSON.stringify(ORDER), headers: { source: 'shop' }, timestamp: T0 },
            { topic: 'views-orders', partition: 1, value: 'plain text', timestamp: T0 + 1 },
            { topic: 'views-orders', partition: 0, key: 'bin', value: BINARY, timestamp: T0 + 2 },
          ],
        });
        await producer.send({
          messages: [...Array.from({ length: 6 }, (_, i) => ({ topic: 'views-lag', partition: 0, value: `a${i}` })), ...Array.from({ length: 4 }, (_, i) => ({ topic: 'views-lag', partition: 1, value: `b${i}` }))],
        });
      } finally {
        await producer.close();
      }
      const read = await consumeLoop({ bootstrap: broker.bootstrap, topics: ['views-lag'], groupId: 'views-group', fromBeginning: true, maxMessages: 3 }, () => undefined);
      assert.equal(read.count, 3);
      dashboard = await startDashboard({ bootstrap: broker.bootstrap, port: 0, pollIntervalMs: 60_000 });
      admin = createAdmin(broker.bootstrap, 'views-test');
      await waitFor('views-group to be Empty', async () => (await admin.describeGroup('views-group')).state === 'Empty');
      ({ browser, page, problems } = await openConsole(dashboard.url));
    });

    after(async () => {
      await browser?.close();
      await admin?.close();
      await dashboard?.close();
      await broker?.stop();
    });

    it('shows a topic\'s records with key, value, headers and offset, as JSON, text or hex, switchable', async () => {
      assert.equal((await api<{ bootstrap: string }>('/overview')).bootstrap, broker.bootstrap, `the console reads ${target.name}`);
      await page.selectOption('#msg-topic', 'views-orders');
      await page.selectOption('#msg-partition', 'all');
      await page.selectOption('#msg-from', 'beginning');
      await page.click('#msg-load');
      const rows = page.locator('#messages tbody tr');
      await waitFor('three rows', async () => (await rows.count()) === 3);
      const { messages } = await api<{ messages: ShownMessage[] }>('/topics/views-orders/messages?from=beginning');
      assert.deepEqual(
        await rows.evaluateAll((trs: { dataset: { partition: string; offset: string } }[]) => trs.map((tr) => `${tr.dataset.partition}:${tr.dataset.offset}`)),
        messages.map((m) => `${m.partition}:${m.offset}`),
      );
      assert.deepEqual(messages.map((m) => `${m.partition}:${m.offset}`), ['0:0', '1:0', '0:1']);

      const value = (row: number) => rows.nth(row).locator('td.value > *');
      assert.equal(await value(0).getAttribute('data-format'), 'json');
      assert.equal(await value(0).locator('pre').textContent(), JSON.stringify(ORDER, null, 2));
      assert.equal(await rows.nth(0).locator('td.key').textContent(), 'order-1');
      assert.equal(await rows.nth(0).locator('td.headers').textContent(), 'source: shop');
      assert.equal(await rows.nth(0).locator('td.time').textContent(), new Date(T0).toISOString());
      assert.equal(await value(1).getAttribute('data-format'), 'text');
      assert.equal(await value(1).textContent(), 'plain text');
      assert.equal(await rows.nth(1).locator('td.key').textContent(), 'null', 'a keyless record says so');
      assert.equal(await value(2).getAttribute('data-format'), 'hex', 'bytes that are not UTF-8 text show as hex');
      assert.equal(await value(2).textContent(), '00 01 02 ff');
      await shot('messages.png', page.locator('#messages-view'));

      await page.selectOption('#msg-format', 'hex');
      assert.equal(await value(0).textContent(), spaced(Buffer.from(JSON.stringify(ORDER))));
      assert.equal(await value(1).textContent(), spaced(Buffer.from('plain text')));
      await page.selectOption('#msg-format', 'text');
      assert.equal(await value(0).textContent(), JSON.stringify(ORDER));
      assert.equal(await value(2).getAttribute('data-format'), 'hex', 'binary stays hex, with a title saying why');
      assert.match((await value(2).getAttribute('title')) ?? '', /not UTF-8 text/);
      await page.selectOption('#msg-format', 'auto');
      assert.deepEqual(problems, []);
    });

    it('produces through the form, says where the record landed, and shows it in the messages view', async () => {
      await page.selectOption('#msg-topic', 'views-orders');
      await page.fill('#produce-key', 'form-key');
      await page.fill('#produce-value', '{"from":"the form","n":2}');
      await page.fill('#produce-headers', 'source=console, trace=7');
      await page.selectOption('#produce-partition', '1');
      await page.click('#produce-send');
      const result = page.locator('#produce-result[data-offset]');
      await result.waitFor();
      // p1 held one record (offset 0), so this one is offset 1.
      assert.equal(await result.textContent(), 'Produced to "views-orders" partition 1 at offset 1');
      const { messages } = await api<{ messages: ShownMessage[] }>('/topics/views-orders/messages?partition=1&from=offset&offset=1');
      const text = (b64: string | null) => (b64 === null ? null : Buffer.from(b64, 'base64').toString());
      assert.deepEqual(messages.map((m) => [m.offset, text(m.key), text(m.value), m.headers.map((h) => `${h.key}=${text(h.value)}`).join()]), [
        [1, 'form-key', '{"from":"the form","n":2}', 'source=console,trace=7'],
      ]);

      const row = page.locator('#messages tbody tr[data-partition="1"][data-offset="1"]');
      await row.waitFor();
      assert.equal(await row.locator('td.key').textContent(), 'form-key');
      assert.equal(await row.locator('td.value pre').textContent(), JSON.stringify({ from: 'the form', n: 2 }, null, 2));
      assert.equal(await row.locator('td.headers').textContent(), 'source: consoletrace: 7');
      await shot('produce.png', page.locator('#messages-view'));
      assert.deepEqual(problems, []);
    });

    it('shows a value, key and header holding <script> and <img onerror> as text, and runs none of it', async () => {
      await page.fill('#produce-key', '<b>bold?</b>');
      await page.fill('#produce-value', SCRIPT);
      await page.fill('#produce-headers', 'h=<i>x</i>');
      await page.selectOption('#produce-partition', '0');
      await page.click('#produce-send');
      const row = page.locator('#messages tbody tr[data-partition="0"][data-offset="2"]');
      await row.waitFor();
      assert.equal(await row.locator('td.value').textContent(), SCRIPT);
      assert.equal(await row.locator('td.key').textContent(), '<b>bold?</b>');
      assert.equal(await row.locator('td.headers').textContent(), 'h: <i>x</i>');
      const injected = await page.evaluate(() => ({
        elements: document.querySelectorAll('#messages script, #messages img, #messages td.key b, #messages i').length,
        xss: window.__xss,
      }));
      assert.deepEqual(injected, { elements: 0, xss: undefined });
      await shot('escaped.png', page.locator('#messages-view'));
      // No request for the img's src either (watchPage would list a 404 for /x).
      assert.deepEqual(problems, []);
    });

    it('tails new records as they arrive, and searches keys and values with its progress shown', async () => {
      await page.selectOption('#msg-topic', 'views-orders');
      await page.selectOption('#msg-partition', 'all');
      await page.click('#live-tail');
      await page.locator('#live-status', { hasText: 'tailing' }).waitFor();
      const producer = new Producer(broker.bootstrap, { clientId: 'views-tail', acks: -1 });
      let landed;
      try {
        landed = await producer.sendOne({ topic: 'views-orders', partition: 1, key: 'tailed', value: 'live!' });
      } finally {
        await producer.close();
      }
      const row = page.locator(`#messages tbody tr[data-partition="1"][data-offset="${landed.offset}"]`);
      await row.waitFor();
      assert.deepEqual(await cells(page.locator('#messages tbody tr')).then((rows) => rows.map((r) => [r[3], r[4]])), [['tailed', 'live!']], 'only what came after the tail began');
      await page.click('#live-stop');
      assert.equal(await page.locator('#live-status').textContent(), 'tail stopped');

      // Every record of the topic so far: p0 holds 3, p1 holds 3 (one from the form, one tailed).
      const total = (await api<{ records: number }>('/topics/views-orders')).records;
      assert.equal(total, 6);
      await page.fill('#search-text', 'oolong');
      await page.click('#search-run');
      await page.locator('#live-status', { hasText: 'search done' }).waitFor();
      assert.equal(await page.locator('#live-status').textContent(), `search done: ${total} of ${total} records scanned, 1 found`);
      assert.deepEqual(await page.locator('#messages tbody tr').evaluateAll((trs: { dataset: { offset: string; partition: string } }[]) => trs.map((tr) => `${tr.dataset.partition}:${tr.dataset.offset}`)), ['0:0']);
      assert.deepEqual(problems, []);
    });

    it('shows a running group\'s members and their assignments, as the API describes them', async () => {
      const stop = new AbortController();
      const running = consumeLoop({ bootstrap: broker.bootstrap, topics: ['views-orders'], groupId: 'views-live', clientId: 'views-live-client', fromBeginning: true, signal: stop.signal }, () => undefined);
      try {
        type Described = { state: string; protocol: string; members: { memberId: string; clientId: string; clientHost: string; assignment: { topic: string; partitions: number[] }[] }[] };
        const live = await waitFor('views-live to be Stable with its member', async () => {
          const g = await api<Described>('/groups/views-live');
          return g.state === 'Stable' && g.members.length === 1 && g;
        });
        await page.click('#groups-refresh');
        const listed = page.locator('#groups tr[data-group="views-live"]');
        await listed.waitFor();
        assert.deepEqual((await cells(listed))[0]!.slice(1, 4), ['Stable', `consumer / ${live.protocol}`, '1']);
        assert.notEqual(live.protocol, '', 'a Stable group has agreed on an assignor');
        await listed.locator('a').click();
        await page.locator('#members:not([hidden]) tbody tr').waitFor();
        const m = live.members[0]!;
        assert.deepEqual(await cells(page.locator('#members tbody tr')), [[m.memberId, 'views-live-client', m.clientHost, 'views-orders [0, 1]']]);
        assert.deepEqual(m.assignment, [{ topic: 'views-orders', partitions: [0, 1] }]);

        // Kafka changes a group's offsets only while it is Empty: the page says so and nothing moves.
        // Once the member has committed all it read (up to each end), nothing but a reset could move its offsets.
        const ends = (await api<{ partitions: { endOffset: number }[] }>('/topics/views-orders')).partitions.map((p) => p.endOffset);
        const committed = await waitFor('views-live to commit what it read', async () => {
          const offsets = (await admin.committedOffsets(['views-live'])).get('views-live') ?? [];
          return offsets.map((o) => o.offset).join() === ends.join() && offsets;
        });
        await page.selectOption('#reset-topic', 'views-orders');
        await page.selectOption('#reset-to', 'earliest');
        await page.click('#reset-preview');
        await page.locator('#reset-plan:not([hidden])').waitFor();
        await page.click('#reset-apply');
        await page.locator('#console-error', { hasText: 'only while it is Empty' }).waitFor();
        assert.deepEqual((await admin.committedOffsets(['views-live'])).get('views-live'), committed);
        // The console's check is the broker's own rule: a commit past it, from outside the group, is
        // refused as from an unknown member, by Kafka 4.4 and the embedded broker alike.
        await assert.rejects(admin.alterGroupOffsets('views-live', [{ topic: 'views-orders', partition: 0, offset: 0 }]), (e) => {
          assert.deepEqual(kafkaErrors(e), ['UNKNOWN_MEMBER_ID']);
          return true;
        });
        assert.deepEqual((await admin.committedOffsets(['views-live'])).get('views-live'), committed);
      } finally {
        stop.abort();
        await running;
      }
      assert.deepEqual(problems.splice(0), [
        `HTTP 409 ${dashboard.url}/api/console/groups/views-live/reset`,
        'console error: Failed to load resource: the server responded with a status of 409 (Conflict)',
      ], 'only the refused reset failed');
    });

    it('lists groups with their lag, and a group\'s lag per partition equals the API\'s figures', async () => {
      await page.click('#groups-refresh');
      const listed = page.locator('#groups tr[data-group="views-group"]');
      await listed.waitFor();
      const fromApi = await api<GroupOffsets>('/groups/views-group');
      // Three records read, so three committed in all; a partition with no commit has no lag figure, as in Kafka's tool.
      assert.equal(fromApi.offsets.reduce((s, o) => s + (o.committed ?? 0), 0), 3);
      assert.deepEqual(fromApi.offsets.map((o) => o.lag), fromApi.offsets.map((o) => (o.committed === null ? null : o.end - o.committed)));
      assert.equal(fromApi.lag, fromApi.offsets.reduce((s, o) => s + (o.lag ?? 0), 0));
      assert.equal(await listed.locator('td.lag').textContent(), String(fromApi.lag));
      assert.equal(await listed.locator('.pill').textContent(), 'Empty');

      await listed.locator('a').click();
      await page.locator('#group-name', { hasText: 'views-group' }).waitFor();
      const shown = fromApi.offsets.map((o) => [o.topic, String(o.partition), String(o.committed ?? '–'), String(o.end), String(o.lag ?? '–')]);
      assert.deepEqual(await cellsOnce(page.locator('#group-offsets tbody tr'), shown), shown);
      assert.deepEqual(fromApi.offsets.map((o) => o.end), fromApi.offsets.map((o) => [6, 4][o.partition]), 'p0 ends at 6, p1 at 4');
      assert.equal(await page.locator('#group-lag').textContent(), `total lag ${fromApi.lag}`);
      assert.ok(await page.locator('#members').isHidden(), 'an empty group has no members to list');
      await shot('groups.png', page.locator('#groups-view'), page.locator('#group-detail'));
      assert.deepEqual(problems, []);
    });

    it('resets the group\'s offsets only after a dry run and a confirmation, and the next consumer starts there', async () => {
      const before = (await admin.committedOffsets(['views-group'])).get('views-group');
      await page.selectOption('#reset-topic', 'views-lag');
      await page.selectOption('#reset-to', 'offset');
      await page.fill('#reset-at', '1');
      await page.click('#reset-preview');
      await page.locator('#reset-plan:not([hidden])').waitFor();
      const plan = await api<{ offsets: { topic: string; partition: number; current: number | null; next: number }[] }>('/groups/views-group/reset-plan', { topic: 'views-lag', to: 'offset', offset: 1 });
      assert.deepEqual(await cells(page.locator('#reset-offsets tbody tr')), plan.offsets.map((o) => [o.topic, String(o.partition), String(o.current ?? '–'), String(o.next)]));
      assert.deepEqual(plan.offsets.map((o) => o.next), [1, 1]);
      assert.match((await page.locator('#reset-question').textContent()) ?? '', /group "views-group" on topic "views-lag"/);
      assert.deepEqual((await admin.committedOffsets(['views-group'])).get('views-group'), before, 'the dry run committed nothing');
      await shot('reset.png', page.locator('#group-detail'));

      await page.click('#reset-apply');
      await page.locator('#reset-done:not(:empty)').waitFor();
      assert.deepEqual((await admin.committedOffsets(['views-group'])).get('views-group'), [
        { topic: 'views-lag', partition: 0, offset: 1 },
        { topic: 'views-lag', partition: 1, offset: 1 },
      ]);
      const afterReset = [
        ['views-lag', '0', '1', '6', '5'],
        ['views-lag', '1', '1', '4', '3'],
      ];
      assert.deepEqual(await cellsOnce(page.locator('#group-offsets tbody tr'), afterReset), afterReset);
      assert.equal(await page.locator('#groups tr[data-group="views-group"] td.lag').textContent(), '8');

      const next: string[] = [];
      await consumeLoop({ bootstrap: broker.bootstrap, topics: ['views-lag'], groupId: 'views-group', maxMessages: 8 }, (m) => next.push(`${m.partition}:${m.offset}`));
      assert.deepEqual(next.sort(), ['0:1', '0:2', '0:3', '0:4', '0:5', '1:1', '1:2', '1:3']);
      assert.deepEqual(problems, []);
    });

    it("shows the cluster: each broker with its listeners and log directory, the APIs it speaks, and each topic's records in and out a second, live", async () => {
      await createTopics(broker.bootstrap, { 'views-rate': 1 });
      const watching = await startDashboard({ bootstrap: broker.bootstrap, port: 0, pollIntervalMs: 500 });
      const overviewPage = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      // Steady traffic while the page looks: 20 records every 100 ms in, and a group committing 10 further every 100 ms out.
      let writing = true;
      const producer = new Producer(broker.bootstrap, { clientId: 'views-rate', acks: 1 });
      const traffic = (async () => {
        let committed = 0;
        while (writing) {
          await producer.send({ messages: Array.from({ length: 20 }, (_, i) => ({ topic: 'views-rate', partition: 0, value: `r${i}` })) });
          committed += 10;
          await admin.alterGroupOffsets('views-rate-group', [{ topic: 'views-rate', partition: 0, offset: committed }]);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      })();
      try {
        await overviewPage.goto(`${watching.url}/console`);
        await overviewPage.locator('body[data-ready="true"]').waitFor();
        const cluster = await admin.describeCluster();
        const [host, port] = [broker.bootstrap.split(':')[0]!, broker.bootstrap.split(':')[1]!];
        const brokers = await waitFor('the brokers table', async () => {
          const rows = await cells(overviewPage.locator('#brokers tbody tr'));
          return rows.length >= cluster.brokers.length ? rows : undefined;
        });
        const first = brokers.find((b) => b[1] === `${host}:${port}`);
        assert.ok(first, `the bootstrap broker listed: ${JSON.stringify(brokers)}`);
        assert.match(first[2]!, new RegExp(`:${port}\\b`), 'its listeners include the port clients use');
        assert.notEqual(first[4], '–', 'its log directory');
        assert.match(first[5]!, /\d+(\.\d)? (B|KiB|MiB|GiB)/, 'the bytes it holds');
        assert.match((await overviewPage.locator('#overview-apis').textContent())!, /Produce v\d+, Fetch v\d+/);
        const rates = await waitFor(
          'views-rate with records in and out a second',
          async () => {
            const row = (await cells(overviewPage.locator('#throughput tr[data-topic="views-rate"]')))[0];
            return row && Number(row[1]) > 0 && Number(row[2]) > 0 ? row : undefined;
          },
          { timeoutMs: 20_000 },
        );
        assert.ok(Number.isFinite(Number(rates[1])) && Number.isFinite(Number(rates[2])), JSON.stringify(rates));
        await shot('overview', overviewPage.locator('#overview-view'));
      } finally {
        writing = false;
        await traffic;
        await producer.close();
        await overviewPage.close();
        await watching.close();
      }
      await admin.deleteGroup('views-rate-group');
    });

    it("lists a running stream job with its tasks, state entries, lag and counters, each task's stores, linked to its queries", async () => {
      await createTopics(broker.bootstrap, { 'views-sex': 2 });
      const producer = new Producer(broker.bootstrap, { clientId: 'views-test', acks: -1 });
      try {
        // 20 genders on each partition, and one value that is not a gender: the job dead-letters it.
        await producer.send({
          messages: [
            ...Array.from({ length: 40 }, (_, i) => ({ topic: 'views-sex', partition: i % 2, value: String(i % 3) })),
            { topic: 'views-sex', partition: 0, value: 'x' },
          ],
        });
      } finally {
        await producer.close();
      }
      const job = genderJob({ input: 'views-sex', output: 'views-result', deadLetterTopic: 'views-gender-dlq', window: '1h' });
      const runtime = new StreamRuntime(job.topology, {
        bootstrap: broker.bootstrap,
        applicationId: 'views-gender',
        job: 'views-gender',
        checkpointIntervalMs: 500,
        queryPort: 0,
        counters: job.counters,
      });
      const stop = new AbortController();
      const running = runtime.run(stop.signal);
      // Polling the broker often, for the committed lag; the suite's own dashboard polls once a minute.
      const watching = await startDashboard({ bootstrap: broker.bootstrap, port: 0, pollIntervalMs: 500 });
      const jobsPage = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      try {
        await jobsPage.goto(`${watching.url}/console`);
        await jobsPage.locator('body[data-ready="true"]').waitFor();
        const row = jobsPage.locator('#jobs tr[data-job="views-gender"]');
        // Caught up and committed: lag 0 from the group's offsets, read lag 0, the bad value dead-lettered.
        const shown = await waitFor(
          'the job caught up in the jobs table',
          async () => {
            await jobsPage.click('#jobs-refresh');
            if ((await row.count()) === 0) return undefined;
            const c = (await cells(row))[0]!;
            return c[4] === '0' && c[5] === '0' && /deadLettered 1/.test(c[7]!) ? c : undefined;
          },
          { timeoutMs: 60_000 },
        );
        const published = runtime.metrics();
        assert.equal(shown[1], '1', 'one instance');
        assert.equal(shown[2], String(published.tasks.length), 'as many tasks as the runtime runs');
        const stores = (await (await fetch(`${runtime.queryUrl()}/stores`)).json()) as { stores: { name: string; size: number }[] };
        assert.equal(shown[3], String(stores.stores.reduce((n, st) => n + st.size, 0)), 'state entries as the interactive queries count them');
        assert.equal(await row.locator('a.query-link').getAttribute('href'), `${runtime.queryUrl()}/stores`);

        await row.locator('a').first().click();
        const tasks = await cells(jobsPage.locator('#job-tasks tbody tr'));
        assert.deepEqual(tasks.map((t) => t[1]).sort(), [...published.tasks].sort());
        // At least once: a rebalance as the job starts (Kafka's) may have a task read a partition again from its last commit.
        const readIn = tasks.reduce((n, t) => n + Number(t[2]), 0);
        assert.equal(readIn, published.taskDetails.reduce((n, d) => n + d.recordsIn, 0), 'the records each task read, as the runtime counts them');
        assert.ok(readIn >= 41, `every record of views-sex read, over the tasks: ${readIn}`);
        for (const t of tasks) {
          const detail = published.taskDetails.find((d) => d.id === t[1])!;
          const expected = Object.entries(detail.stores).map(([name, n]) => `${name}: ${n}`).join(', ') || 'none';
          assert.equal(t[5], expected, `task ${t[1]}'s stores`);
        }
        await shot('jobs', jobsPage.locator('#jobs-view'), jobsPage.locator('#job-detail'));
      } finally {
        await jobsPage.close();
        await watching.close();
        stop.abort();
        await running;
      }
    });

    it('asks for the token when the server has one: the page sends a browser to log in, a wrong token is refused, the right one opens it and its produce lands', async () => {
      const guarded = await startDashboard({ bootstrap: broker.bootstrap, port: 0, pollIntervalMs: 60_000, token: 'views-s3cret' });
      const guardedPage = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      try {
        await guardedPage.goto(`${guarded.url}/console`);
        assert.equal(new URL(guardedPage.url()).pathname, '/login', 'sent to the login page');
        await guardedPage.fill('#login-token', 'wrong!');
        await guardedPage.click('#login-submit');
        await guardedPage.locator('#login-refused').waitFor();
        await guardedPage.fill('#login-token', 'views-s3cret');
        await guardedPage.click('#login-submit');
        await guardedPage.locator('body[data-ready="true"]').waitFor();
        assert.equal(new URL(guardedPage.url()).pathname, '/console', 'back on the page asked for');
        const endOf = async () => (await api<{ records: number }>('/topics/views-orders')).records;
        const before = await endOf();
        await guardedPage.selectOption('#msg-topic', 'views-orders');
        await guardedPage.fill('#produce-value', 'guarded');
        await guardedPage.click('#produce-send');
        await guardedPage.locator('#produce-result[data-offset]').waitFor();
        assert.equal(await endOf(), before + 1);
      } finally {
        await guardedPage.close();
        await guarded.close();
      }
    });
  });
}
