// needs: chromium, fonts-wqy-microhei
// alone: it times "data on the page" at a high generator rate
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, test } from 'node:test';
import { freePort, tempDir } from '../helpers/broker.js';
import { spawnDemo, type DemoProcess } from './demo-process.js';
import { checkPages, screenshotTaobao, waitForFirstData } from './pages.js';
import { assertPipelineResults, assertStoreMatchesLogs, todaysCourseTotals } from './pipeline-checks.js';

// The whole system as a user starts it: `streamdash demo` on a temp folder,
// generators at a high rate for a while, then stopped so the jobs drain. Every
// result is compared with what a plain computation over the raw inputs gives.
const dataDir = tempDir('streamdash-e2e-');
after(() => rmSync(dataDir, { recursive: true, force: true }));

test('the demo runs the whole pipeline, its results equal a direct computation, and a restart neither loses nor double counts', { timeout: 600_000 }, async () => {
  const port = await freePort();
  const brokerPort = await freePort();
  const args = (generateFor: string) => [
    '--data-dir', dataDir, '--port', String(port), '--broker-port', String(brokerPort), '--seed', '7',
    '--rate', '200', '--access-log-rate', '300', '--access-log-rotate-bytes', '200000', '--page-interval', '1s',
    '--generate-for', generateFor, '--status-interval', '2s',
  ];

  const started = Date.now();
  let demo: DemoProcess = await spawnDemo(args('20s'));
  try {
    // The target is 10 s and now the bound: with the store opening beside the rest (issue 19), runs
    // measure 6.9-7.6 s on two shared cores (it was 9.2-13.7 s), Chromium's launch included.
    await waitForFirstData(`http://127.0.0.1:${port}`, 10_000);
    const readyMs = Date.now() - started;
    console.log(`the page showed data ${readyMs} ms after the demo was started (target 10 s)`);
    assert.ok(readyMs <= 10_000, `the page showed data ${readyMs} ms after the demo was started; the target and bound are 10 s (6.9-7.6 s measured)`);
    await demo.waitFor(/generators stopped/, 90_000);
    await assertPipelineResults(brokerPort, dataDir);
    await checkPages(`http://127.0.0.1:${port}`, brokerPort, { courseTotals: () => todaysCourseTotals(dataDir) });
  } finally {
    const stopped = await demo.stop();
    assert.equal(stopped.code, 0, `the demo exits cleanly on SIGTERM:\n${demo.output().slice(-3000)}`);
  }
  const first = await assertStoreMatchesLogs(dataDir);
  assert.ok(first.clicks > 0, 'the first run counted some course clicks');

  demo = await spawnDemo(args('10s'));
  try {
    await screenshotTaobao(`http://127.0.0.1:${port}`, 'docs/taobao.png');
    await demo.waitFor(/generators stopped/, 60_000);
    await assertPipelineResults(brokerPort, dataDir);
  } finally {
    assert.equal((await demo.stop()).code, 0);
  }
  const second = await assertStoreMatchesLogs(dataDir);
  assert.ok(second.clicks > first.clicks, 'the second run went on counting from the first');
});
