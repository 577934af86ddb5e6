import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CLI, freePort, inProcessBroker, tempDir } from '../helpers/broker.js';
import { spawnCli } from '../helpers/child-process.js';
import { spawnDashboard, type DashboardProcess } from './dashboard-process.js';

type Broker = Awaited<ReturnType<typeof inProcessBroker>>;

const otherAddress = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

describe('streamdash dashboard', () => {
  let broker: Broker;
  let dashboard: DashboardProcess;
  let port: number;

  before(async () => {
    broker = await inProcessBroker();
    port = await freePort();
    dashboard = await spawnDashboard(['--port', String(port), '--bootstrap', broker.bootstrap, '--store', join(tempDir(), 'none')]);
  });

  after(async () => {
    await dashboard?.stop();
    await broker?.stop();
  });

  it('listens on 127.0.0.1 unless told otherwise', async () => {
    assert.equal(dashboard.url, `http://127.0.0.1:${port}`);
    assert.equal((await fetch(`${dashboard.url}/`, { redirect: 'manual' })).headers.get('location'), '/taobao');
  });

  it('cannot be reached on the machine’s other addresses', { skip: otherAddress === undefined && 'this machine has no address besides loopback' }, async () => {
    const refused = await fetch(`http://${otherAddress}:${port}/taobao`).then(
      () => false,
      () => true,
    );
    assert.ok(refused, `reached on ${otherAddress}`);
  });

  it('bound beyond loopback, prints a link whose token logs a browser in, and refuses a visitor without it', { timeout: 60_000 }, async () => {
    const widePort = await freePort();
    const wide = await spawnCli(['dashboard', '--host', '0.0.0.0', '--port', String(widePort), '--bootstrap', broker.bootstrap, '--store', join(tempDir(), 'none')], {
      logLevel: 'warn',
      ready: /the pages need the token/,
      timeoutMs: 30_000,
    });
    try {
      const link = /streamdash dashboard: (http:\/\/0\.0\.0\.0:\d+\/taobao\?token=([\w-]+)) /.exec(wide.output());
      assert.ok(link, wide.output());
      assert.match(wide.output(), new RegExp(`the pages need the token ${link[2]}`));
      const local = link[1]!.replace('0.0.0.0', '127.0.0.1');
      assert.equal((await fetch(local.replace(/\?token=.*/, ''))).status, 401, 'no token, no page');
      const entered = await fetch(local, { redirect: 'manual' });
      assert.equal(entered.status, 303);
      const cookie = entered.headers.get('set-cookie')!.split(';')[0]!;
      assert.equal((await fetch(`http://127.0.0.1:${widePort}/taobao`, { headers: { cookie } })).status, 200);
    } finally {
      await wide.stop();
    }
  });

  it('says which port is taken and what to do, and exits 1', { timeout: 60_000 }, async () => {
    const taken = createServer();
    const busy = await freePort();
    await new Promise<void>((resolve) => taken.listen(busy, '127.0.0.1', resolve));
    try {
      const run = spawnSync(process.execPath, [CLI, '--log-level', 'silent', 'dashboard', '--port', String(busy), '--bootstrap', broker.bootstrap, '--store', join(tempDir(), 'none')], {
        encoding: 'utf8',
        timeout: 50_000,
      });
      assert.equal(run.status, 1, run.stderr);
      assert.match(run.stderr, new RegExp(`error: the dashboard cannot listen on 127\\.0\\.0\\.1:${busy}; port ${busy} on 127\\.0\\.0\\.1 is already in use: stop what listens there or pick another with --port`));
    } finally {
      taken.close();
    }
  });

  it('refuses a --page config naming the file and the key at fault, and exits 1 before it listens', { timeout: 60_000 }, () => {
    const file = join(tempDir(), 'typo.json');
    writeFileSync(file, JSON.stringify({ topic: 'result', series: ['0'], chart: 'area' }));
    const run = spawnSync(process.execPath, [CLI, '--log-level', 'silent', 'dashboard', '--port', '0', '--bootstrap', broker.bootstrap, '--page', file], { encoding: 'utf8', timeout: 50_000 });
    assert.equal(run.status, 1, run.stderr);
    assert.equal(run.stderr, `error: page config ${file}: "chart" must be one of line, bar, pie, number; got "area" (see docs/dashboard.md, "Charts for any topic")\n`);
  });
});
