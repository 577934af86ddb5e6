// needs: peers/java, peers/m2
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { genderJob } from '../../src/apps/gender/gender-job.js';
import { startDashboard, type Dashboard } from '../../src/dashboard/server.js';
import { StreamRuntime } from '../../src/stream/runtime/index.js';
import { inProcessBroker } from '../helpers/broker.js';
import { describeRun, runJava } from '../helpers/java-peers.js';
import { withProducer } from '../helpers/produce.js';
import { waitForValue } from '../helpers/wait-for.js';
import { scrape } from '../dashboard/dashboard-process.js';

// The one lag figure /system and /metrics give a job is its group's, from the offsets the
// runtime commits at each checkpoint. Kafka 4.4's kafka-consumer-groups --describe must
// give the same figure: while the job runs caught up, and after it stopped with records
// left behind it.
const JOB = 'gender-lag';

let broker: Awaited<ReturnType<typeof inProcessBroker>>;
let dashboard: Dashboard;
before(async () => {
  broker = await inProcessBroker();
  dashboard = await startDashboard({ bootstrap: broker.bootstrap, port: 0, pollIntervalMs: 300 });
});
after(async () => {
  await dashboard?.close();
  await broker?.stop();
});

/** The group's lag summed over its rows of `kafka-consumer-groups --describe` (GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG …). */
async function toolLag(): Promise<number> {
  const r = await runJava('org.apache.kafka.tools.consumer.group.ConsumerGroupCommand', ['--bootstrap-server', broker.bootstrap, '--describe', '--group', JOB], { timeoutMs: 120_000 });
  assert.equal(r.code, 0, describeRun(r));
  const rows = r.stdout.split('\n').map((l) => l.trim().split(/\s+/)).filter((cells) => cells[0] === JOB && cells.length >= 6);
  assert.ok(rows.length > 0, `the tool lists the group's partitions:\n${r.stdout}`);
  return rows.reduce((sum, cells) => sum + Number(cells[5]), 0);
}

const sendSex = (values: string[]) => withProducer(broker.bootstrap, (p) => p.send({ messages: values.map((value) => ({ topic: 'sex', value })) }));

async function figures(): Promise<{ lag: number | undefined; readLag: number | undefined }> {
  const s = await scrape(dashboard.url);
  return { lag: s.get(`streamdash_job_lag{job="${JOB}"}`), readLag: s.get(`streamdash_job_read_lag{job="${JOB}"}`) };
}

test("a job's lag is its committed lag, and kafka-consumer-groups --describe gives the same figure", { timeout: 300_000 }, async () => {
  await sendSex(Array.from({ length: 300 }, (_, i) => String(i % 3)));
  const job = genderJob();
  const stop = new AbortController();
  const runtime = new StreamRuntime(job.topology, { bootstrap: broker.bootstrap, applicationId: JOB, job: JOB, checkpointIntervalMs: 1000 });
  const running = runtime.run(stop.signal);
  try {
    // Caught up and checkpointed: the committed offsets have reached the read position.
    await waitForValue('the job caught up, its committed lag 0', figures, (f) => f.lag === 0 && f.readLag === 0, { timeoutMs: 60_000 });
    assert.equal(await toolLag(), 0, "Kafka's tool agrees while the job runs");
  } finally {
    stop.abort();
    await running;
  }
  // Stopped, with 7 records behind it: the dashboard and the tool both count them.
  await sendSex(['0', '1', '2', '0', '1', '2', '0']);
  const stopped = await waitForValue('the committed lag of the stopped job', figures, (f) => f.lag === 7, { timeoutMs: 30_000 });
  assert.equal(stopped.readLag, 0, "the job's last report still says it had read everything it saw");
  assert.equal(await toolLag(), 7, "Kafka's tool gives the same figure");
});
