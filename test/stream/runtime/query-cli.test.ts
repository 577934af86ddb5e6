import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { GENDER_COUNTS_OPERATOR } from '../../../src/apps/gender/gender-job.js';
import { inProcessBroker } from '../../helpers/broker.js';
import { createTopics, produce } from '../../helpers/produce.js';
import { waitForValue } from '../../helpers/wait-for.js';
import { spawnJob, tasksAssigned } from './job-process.js';

// `streamdash run … --query-port`: the gender job as an operator starts it, its counts read over HTTP.

let broker: Awaited<ReturnType<typeof inProcessBroker>>;
before(async () => {
  broker = await inProcessBroker();
});
after(() => broker?.stop());

test('streamdash run gender --query-port 0 serves the running counts per gender, on 127.0.0.1', { timeout: 60_000 }, async () => {
  await createTopics(broker.bootstrap, { 'sex-iq': 1, 'result-iq': 1, 'dead-iq': 1 });
  // An hour-long window sliding every second: the counts stay in the values store for the whole test.
  const job = await spawnJob([
    'gender',
    '--bootstrap', broker.bootstrap,
    '--application-id', 'gender-iq',
    '--input', 'sex-iq',
    '--output', 'result-iq',
    '--dead-letter-topic', 'dead-iq',
    '--window', '1h',
    '--slide', '1s',
    '--no-metrics-topic',
    '--query-port', '0',
  ]);
  try {
    const serving = await job.waitForLog((l) => l.msg === 'serving the state stores (interactive queries)', { what: 'the query server log line' });
    const url = String(serving.url);
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
    await job.waitForLog(tasksAssigned(1));
    await produce(broker.bootstrap, 'sex-iq', ['1', '1', '1', '0', '0', '2', 'x']);
    const values = `${url}/stores/${GENDER_COUNTS_OPERATOR}-values`;
    const rows = await waitForValue(
      'the counts after the first slide',
      async () => ((await (await fetch(values)).json()) as { rows: unknown[] }).rows,
      (r) => r.length === 3,
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    assert.deepEqual(rows, [
      { key: '0', value: 2, partition: 0 },
      { key: '1', value: 3, partition: 0 },
      { key: '2', value: 1, partition: 0 },
    ]);
    const one = (await (await fetch(`${values}?key=1`)).json()) as unknown;
    assert.deepEqual(one, { store: `${GENDER_COUNTS_OPERATOR}-values`, kind: 'key-value', rows: [{ key: '1', value: 3, partition: 0 }] });
    const listing = (await (await fetch(`${url}/stores`)).json()) as { applicationId: string; stores: Array<{ name: string; kind: string }> };
    assert.equal(listing.applicationId, 'gender-iq');
    assert.deepEqual(listing.stores.map((s) => `${s.name} ${s.kind}`), [`${GENDER_COUNTS_OPERATOR}-slices window`, `${GENDER_COUNTS_OPERATOR}-values key-value`]);
    assert.equal(await job.stop('SIGTERM'), 0, job.output());
  } finally {
    await job.stop('SIGKILL');
  }
});
