import assert from 'node:assert/strict';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { freePort, inProcessBroker, tempDir } from '../../helpers/broker.js';
import { spawnCli } from '../../helpers/child-process.js';
import { waitForValue } from '../../helpers/wait-for.js';
import { createCompacted, fetchedLog, keys, produceWaves, readWithClient } from './compacted-topic.js';

const topic = 'killed-mid-clean';
const value = (k: string, n: number) => `${k}-${n}-${'z'.repeat(150)}`;

test('kill -9 of the broker process while its cleaner runs leaves every latest value, and the next clean ends exact', async () => {
  const dataDir = tempDir('streamdash-cleaner-kill-');
  try {
    const port = await freePort();
    // Broker-wide 4 KiB segments: each wave is a segment of its own, so the clean is several swaps long.
    // The CLI's cleaner starts its first pass after Kafka's log.cleaner.backoff.ms, 15 s.
    const broker = await spawnCli(['broker', '--port', String(port), '--data-dir', dataDir, '--segment-bytes', '4096', '--segment-ms', '200'], {
      ready: /broker listening/,
      logLevel: 'debug',
    });
    const bootstrap = `127.0.0.1:${port}`;
    const latest = new Map<string, string>();
    try {
      await createCompacted(bootstrap, topic, {});
      const waves: Array<Array<[string, string]>> = [];
      for (let n = 0; n < 8; n++) waves.push(keys(0, 40).map((k) => [k, value(k, n)]));
      waves.push([['end', 'last']]);
      await produceWaves(bootstrap, topic, waves, 250);
      for (const wave of waves) for (const [k, v] of wave) latest.set(k, v);
      // Killed as soon as the test hears the clean began: wherever in the clean the signal lands.
      await broker.waitForLog((r) => r.msg === 'cleaning a compacted partition' && r.topic === topic, { timeoutMs: 30_000 });
    } finally {
      await broker.stop('SIGKILL');
    }
    const swapsBeforeKill = broker.logs().filter((r) => r.msg === 'swapped in a cleaned segment').length;

    // Reopened with the cleaner idle: recovery has undone or finished the swap the kill cut.
    {
      const reopened = await inProcessBroker({ dataDir, logCleanerBackoffMs: 60 * 60_000 });
      try {
        assert.deepEqual(readdirSync(join(dataDir, `${topic}-0`)).filter((n) => /\.(cleaned|swap)$/.test(n)), []);
        const seen = new Map((await readWithClient(reopened.bootstrap, topic)).messages.map((m) => [m.key!, m.value!]));
        assert.deepEqual(seen, latest, `every key's latest value survives (${swapsBeforeKill} swaps were logged before the kill)`);
      } finally {
        await reopened.close();
      }
    }
    // With the cleaner on, the clean is done again from its checkpoint and ends with exactly the latest values.
    const cleaning = await inProcessBroker({ dataDir, logCleanerBackoffMs: 50 });
    try {
      await waitForValue('the clean to finish', () => fetchedLog(cleaning.port, topic), (l) => l.length === latest.size, { timeoutMs: 15_000 });
      const after = (await readWithClient(cleaning.bootstrap, topic)).messages;
      assert.deepEqual(
        after.map((m) => [m.offset, m.key, m.value]),
        [...keys(0, 40).map((k, i) => [280 + i, k, value(k, 7)]), [320, 'end', 'last']],
      );
    } finally {
      await cleaning.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
