// alone: the whole demo (broker, four jobs, dashboard) in one process, held to its 15 s shutdown
import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { freePort, tempDir } from '../helpers/broker.js';
import { spawnDemo } from './demo-process.js';

test('the demo runs from a relative --data-dir, as `npm start` gives it, and --fresh starts over', { timeout: 120_000 }, async () => {
  const cwd = tempDir('streamdash-demo-cli-');
  const args = ['--data-dir', 'streamdash-data', '--port', String(await freePort()), '--broker-port', String(await freePort()), '--status-interval', '1s'];
  try {
    let demo = await spawnDemo(args, cwd);
    await demo.waitFor(/records\/s \| lag/, 30_000);
    assert.equal((await demo.stop()).code, 0, demo.output().slice(-2000));
    assert.ok(existsSync(join(cwd, 'streamdash-data', 'logs', 'access.log')), 'the access log is under the relative data folder');
    assert.ok(existsSync(join(cwd, 'streamdash-data', 'agent', 'taildir_position.json')), 'the agent kept its positions there');

    demo = await spawnDemo([...args, '--fresh'], cwd);
    assert.equal((await demo.stop()).code, 0, demo.output().slice(-2000));
    assert.match(demo.output(), /generating a synthetic user_log\.csv/, '--fresh removed the generated file, so it was made again');
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
});
