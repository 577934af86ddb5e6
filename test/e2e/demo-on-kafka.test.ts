// needs: peers/java, peers/java-eras/kafka-3.5.2, peers/m2, chromium, fonts-wqy-microhei
// alone: a Kafka JVM beside the whole demo needs the machine to itself
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { test } from 'node:test';
import { freePort, tempDir } from '../helpers/broker.js';
import { checkCapability } from '../helpers/compat-check.js';
import { KAFKA_VERSION } from '../helpers/java-peers.js';
import { OLDEST_KAFKA, startKafka } from '../helpers/kafka.js';
import { spawnDemo } from './demo-process.js';
import { checkPages } from './pages.js';
import { assertPipelineResults, assertStoreMatchesLogs, todaysCourseTotals } from './pipeline-checks.js';

// streamdash's own parts on a real Kafka: `streamdash demo --bootstrap` runs the generators, the
// agent's KafkaSink, the four jobs and the dashboard against Apache Kafka 4.4 instead of the
// embedded broker, and the end-to-end test's exact checks hold there too (issue 13). The same on
// the oldest Kafka that src/client supports, 3.5.
for (const version of [KAFKA_VERSION, OLDEST_KAFKA]) {
  test(`the demo on Apache Kafka ${version} computes what a direct computation over its inputs gives, and a restart neither loses nor double counts`, { timeout: 600_000 }, async () => {
    const dataDir = tempDir('streamdash-e2e-kafka-');
    const kafka = await startKafka({ version });
    const part = { client: 'streamdash demo (generators, agent KafkaSink, four jobs, dashboard)', version, on: 'kafka' } as const;
    try {
      await checkCapability(part, 'results equal a direct computation; a restart neither loses nor double counts; pages live', async () => {
        const kafkaPort = kafka.nodes[0]!.port;
        const port = await freePort();
        const args = (generateFor: string) => [
          '--bootstrap', kafka.bootstrap, '--data-dir', dataDir, '--port', String(port), '--seed', '11',
          '--rate', '100', '--access-log-rate', '100', '--access-log-rotate-bytes', '100000', '--page-interval', '1s',
          '--generate-for', generateFor, '--status-interval', '2s',
        ];
        let before = 0;
        for (const [run, generateFor] of [[1, '15s'], [2, '8s']] as const) {
          const demo = await spawnDemo(args(generateFor));
          try {
            await demo.waitFor(/generators stopped/, 90_000);
            await assertPipelineResults(kafkaPort, dataDir);
            if (run === 1) await checkPages(`http://127.0.0.1:${port}`, kafkaPort, { courseTotals: () => todaysCourseTotals(dataDir) });
          } finally {
            const stopped = await demo.stop();
            assert.equal(stopped.code, 0, `run ${run}: the demo exits cleanly on SIGTERM:\n${demo.output().slice(-3000)}`);
          }
          const { clicks } = await assertStoreMatchesLogs(dataDir);
          assert.ok(clicks > before, `run ${run} went on counting course clicks (${before} before, ${clicks} after)`);
          before = clicks;
        }
      });
    } finally {
      await kafka.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
}
