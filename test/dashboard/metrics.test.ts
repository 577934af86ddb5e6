import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { consumeLoop } from '../../src/client/consumer.js';
import { startDashboard, type Dashboard } from '../../src/dashboard/server.js';
import { inProcessBroker } from '../helpers/broker.js';
import { scrape } from './dashboard-process.js';
import { withProducer } from '../helpers/produce.js';
import { waitFor } from '../helpers/wait-for.js';

type Broker = Awaited<ReturnType<typeof inProcessBroker>>;

/** A metrics object as the stream runtime publishes it to streamdash-metrics. */
function runtimeMetrics(job: string, instance: string, at: number, figures: Record<string, number>) {
  return JSON.stringify({
    job,
    applicationId: job,
    instance,
    at,
    tasks: ['0_0'],
    recordsIn: 100,
    recordsOut: 10,
    lateRecords: 0,
    skippedRecords: 0,
    duplicatesDropped: 0,
    stateSize: 3,
    recordsInPerSec: 0,
    recordsOutPerSec: 0,
    lag: 0,
    checkpointMs: 4,
    backpressureMs: 0,
    counters: { deadLettered: 1 },
    ...figures,
  });
}

describe('/metrics', () => {
  let broker: Broker;
  let dashboard: Dashboard;

  before(async () => {
    broker = await inProcessBroker();
    dashboard = await startDashboard({ bootstrap: broker.bootstrap, port: 0, pollIntervalMs: 300 });
  });

  after(async () => {
    await dashboard?.close();
    await broker?.stop();
  });

  it('exposes topic offsets, group lag and the jobs’ published figures in Prometheus text', { timeout: 60_000 }, async () => {
    await withProducer(broker.bootstrap, (p) => p.send({ messages: ['0', '1', '1', '2', '0'].map((value) => ({ topic: 'sex', value })) }));
    await consumeLoop({ bootstrap: broker.bootstrap, topics: ['sex'], groupId: 'lagging', fromBeginning: true, maxMessages: 3 }, () => undefined);
    // The job's own group (its applicationId) commits 4 of the 5: the lag Kafka's tools would give it is 1.
    await consumeLoop({ bootstrap: broker.bootstrap, topics: ['sex'], groupId: 'gender', fromBeginning: true, maxMessages: 4 }, () => undefined);
    const now = Date.now();
    await withProducer(broker.bootstrap, (p) =>
      p.send({
        messages: [
          { topic: 'streamdash-metrics', key: 'gender', value: runtimeMetrics('gender', 'host-1', now, { recordsInPerSec: 7.5, lag: 4 }) },
          { topic: 'streamdash-metrics', key: 'gender', value: runtimeMetrics('gender', 'host-2', now, { recordsInPerSec: 2.5, lag: 1, checkpointMs: 9 }) },
          { topic: 'streamdash-metrics', key: 'odd"job', value: runtimeMetrics('odd"job\\', 'h', now, {}) },
        ],
      }),
    );

    const samples = await waitFor('the job figures and the group lag', async () => {
      const s = await scrape(dashboard.url);
      return s.get('streamdash_consumer_group_lag{group="lagging",topic="sex"}') === 2 && s.has('streamdash_job_lag{job="gender"}') && s.has('streamdash_job_read_lag{job="gender"}') ? s : undefined;
    });
    assert.equal(samples.get('streamdash_topic_end_offset{topic="sex",partition="0"}'), 5);
    assert.equal(samples.get('streamdash_dashboard_broker_up'), 1);
    // Two instances of one job: rates, read lag and totals add up; the checkpoint duration is the longest.
    assert.equal(samples.get('streamdash_job_records_in_per_second{job="gender"}'), 10);
    assert.equal(samples.get('streamdash_job_read_lag{job="gender"}'), 5);
    // The job's lag is its group's, from the committed offsets: the same figure as streamdash_consumer_group_lag and Kafka's tools.
    assert.equal(samples.get('streamdash_job_lag{job="gender"}'), 1);
    assert.equal(samples.get('streamdash_consumer_group_lag{group="gender",topic="sex"}'), 1);
    assert.equal(samples.has('streamdash_job_lag{job="odd\\"job\\\\"}'), false, 'no figure for a job whose group never committed');
    assert.equal(samples.get('streamdash_job_records_in_total{job="gender"}'), 200);
    assert.equal(samples.get('streamdash_job_instances{job="gender"}'), 2);
    assert.equal(samples.get('streamdash_job_checkpoint_duration_seconds{job="gender"}'), 0.009);
    assert.equal(samples.get('streamdash_job_counter_total{job="gender",counter="deadLettered"}'), 2);
    assert.equal(samples.get('streamdash_job_state_entries{job="odd\\"job\\\\"}'), 3, 'label values are escaped');
    assert.ok(samples.get('process_resident_memory_bytes')! > 0);
  });

  it('is served as text/plain 0.0.4, every line a comment or a well-formed sample', async () => {
    const response = await fetch(`${dashboard.url}/metrics`);
    assert.equal(response.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
    const sample = /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\["\\n])*",?)*\})? -?[0-9.e+-]+$|^[^ ]+ (NaN|[+-]Inf)$/;
    for (const line of (await response.text()).trimEnd().split('\n')) {
      assert.ok(line.startsWith('# HELP ') || line.startsWith('# TYPE ') || sample.test(line), `not exposition format: ${line}`);
    }
  });
});
