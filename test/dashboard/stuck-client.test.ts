// alone: it measures the dashboard's memory while 300 MB of updates go by
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import io from 'socket.io-client';
import { freePort, inProcessBroker, REPO_ROOT, tempDir } from '../helpers/broker.js';
import { scrape, spawnDashboard, type DashboardProcess } from './dashboard-process.js';
import { withProducer } from '../helpers/produce.js';
import { waitFor } from '../helpers/wait-for.js';

type Broker = Awaited<ReturnType<typeof inProcessBroker>>;

const LISTS = 1500;
/** Each list holds ten 10,000-character page names: about 100 KB a message, 150 MB a round. */
const NAME = 'x'.repeat(10_000);
const LIST_BYTES = 100_000;
/** Lists per produce request, under the broker’s 1 MB batch limit; it divides LISTS. */
const PER_REQUEST = 6;
const MB = 1024 * 1024;

describe('a client that never reads', () => {
  let broker: Broker;
  let dashboard: DashboardProcess;
  let stuck: ChildProcess | undefined;

  before(async () => {
    broker = await inProcessBroker();
    dashboard = await spawnDashboard(['--port', String(await freePort()), '--bootstrap', broker.bootstrap, '--store', join(tempDir(), 'none')]);
  });

  after(async () => {
    stuck?.kill('SIGKILL');
    await dashboard?.stop();
    await broker?.stop();
  });

  it('costs the server a bounded amount of memory while 300 MB of updates pass it by', { timeout: 240_000 }, async () => {
    stuck = spawn(process.execPath, [join(REPO_ROOT, 'dist/test/dashboard/stuck-client.js'), dashboard.url, 'popularity'], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      stuck!.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
      stuck!.once('exit', (code) => reject(new Error(`stuck client exited with ${code}`)));
    });
    const healthy = io(dashboard.url, { query: { page: 'popularity' }, transports: ['websocket'], forceNew: true, reconnection: false });
    let lastTop: string | undefined;
    healthy.on('update', (m: { channel: string; items: { top: { page: string }[] }[] }) => {
      if (m.channel === 'popularity' && m.items.length > 0) lastTop = m.items.at(-1)!.top[0]!.page;
    });
    const flood = async (round: number) => {
      const start = Date.now() - LISTS * 10;
      for (let sent = 0; sent < LISTS; sent += PER_REQUEST) {
        await withProducer(broker.bootstrap, (p) =>
          p.send({
            messages: Array.from({ length: PER_REQUEST }, (_, i) => ({
              topic: 'popularity-top10',
              value: JSON.stringify(Array.from({ length: 10 }, (_, k) => ({ page: `${round}-${sent + i}-${k}-${NAME}`, popularity: 100 - k }))),
              timestamp: start + (sent + i) * 10,
            })),
          }),
        );
      }
      const last = `${round}-${LISTS - 1}-0-${NAME}`;
      await waitFor(`the healthy client to get the last list of round ${round}`, () => (lastTop === last ? true : undefined), { timeoutMs: 180_000 });
    };
    try {
      await waitFor('both clients on /popularity', async () => ((await scrape(dashboard.url)).get('streamdash_dashboard_clients{page="popularity"}') === 2 ? true : undefined));
      // The first round, with both clients reading, grows the heap to what reading 100 MB of results takes; the second measures what the frozen client adds.
      await flood(1);
      // Frozen: a process of its own, stopped, so its socket's receive buffer fills and stays full.
      stuck.kill('SIGSTOP');
      const before = await scrape(dashboard.url);
      // Two rounds: the first fills the kernel's socket buffers (tens of MB on loopback), the second finds them full.
      await flood(2);
      await flood(3);
      const after = await scrape(dashboard.url);

      const grew = after.get('process_resident_memory_bytes')! - before.get('process_resident_memory_bytes')!;
      const queued = after.get('streamdash_dashboard_queued_bytes')!;
      const figures = `queued for clients ${(queued / MB).toFixed(1)} MB; rss grew ${(grew / MB).toFixed(1)} MB to ${(after.get('process_resident_memory_bytes')! / MB).toFixed(0)} MB`;
      assert.equal(after.get('streamdash_dashboard_clients{page="popularity"}'), 2, 'the frozen client must still be connected when measured');
      assert.ok(after.get('streamdash_dashboard_busy_clients')! >= 1, 'the frozen client has a message it cannot take');
      assert.ok(after.get('streamdash_dashboard_deferred_total')! > before.get('streamdash_dashboard_deferred_total')!, 'updates were held back from it');
      // The bound: one catch-up message, at most the 5 minutes of lists the server keeps (300 lists).
      assert.ok(queued < 300 * LIST_BYTES * 1.1, figures);
      // RSS also moves with garbage-collection timing on a loaded machine, so its bound is coarse; the queue bound above is the exact one.
      assert.ok(grew < 128 * MB, `${figures}, while ${((2 * LISTS * LIST_BYTES) / MB).toFixed(0)} MB of updates went by`);
    } finally {
      healthy.close();
    }
  });
});
