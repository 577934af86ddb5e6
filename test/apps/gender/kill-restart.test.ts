import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { GENDER_DEAD_LETTERS } from '../../../src/apps/gender/gender-job.js';
import { inProcessBroker } from '../../helpers/broker.js';
import { spawnJob, tasksAssigned } from '../../stream/runtime/job-process.js';
import { createTopics, producePaced } from '../../helpers/produce.js';
import { readTopic } from '../../stream/runtime/topic-reading.js';
import { genderInput, reached, sumResults } from './gender-results.js';
import { waitForValue } from '../../helpers/wait-for.js';

let broker: Awaited<ReturnType<typeof inProcessBroker>>;
before(async () => {
  broker = await inProcessBroker();
});
after(() => broker?.stop());

// One partition with checkpoints far apart: everything the restart needs comes from the checkpoint taken before each
// window fires. Two partitions with frequent checkpoints: the repartition topic's replays are dropped as duplicates.
const cases = [
  { partitions: 1, checkpointInterval: '60s' },
  { partitions: 2, checkpointInterval: '500ms' },
];

for (const { partitions, checkpointInterval } of cases) {
  test(`gender: kill -9 mid-stream and a restart; the per-gender sums over result equal the input exactly (sex with ${partitions} partition(s), checkpoints every ${checkpointInterval})`, { timeout: 120_000 }, async () => {
    const [input, output, deadLetters] = [`sex-kill-${partitions}`, `result-kill-${partitions}`, `${GENDER_DEAD_LETTERS}-${partitions}`];
    await createTopics(broker.bootstrap, { [input]: partitions, [output]: 1, [deadLetters]: 1 });
    const data = genderInput(partitions, 5000);
    const args = [
      'gender',
      '--bootstrap', broker.bootstrap,
      '--application-id', `gender-kill-${partitions}`,
      '--input', input,
      '--output', output,
      '--dead-letter-topic', deadLetters,
      '--checkpoint-interval', checkpointInterval,
      '--session-timeout', '6s',
      '--no-metrics-topic',
    ];
    let job = await spawnJob(args);
    try {
      await job.waitForLog(tasksAssigned());
      const producing = producePaced(broker.bootstrap, input, data.values, 6000);
      // Mid-stream: a few windows are out, so there is processed and checkpointed input behind the kill and more to come.
      await waitForValue('the first windows', () => readTopic(broker.port, output), (r) => r.length >= 2, { timeoutMs: 30_000, intervalMs: 250 });
      assert.equal(await job.stop('SIGKILL'), null, 'killed by the signal');
      job = await spawnJob(args);
      await producing;

      const read = async () => sumResults(await readTopic(broker.port, output), 1000);
      await waitForValue(`sums reaching ${JSON.stringify(data.expected)}`, read, (sums) => reached(sums, data.expected), { timeoutMs: 60_000, intervalMs: 250 });
      // Past another checkpoint and more windows: a record counted twice would show up now.
      await sleep(2500);
      assert.deepEqual(await read(), data.expected);

      const letters = await readTopic(broker.port, deadLetters);
      const distinct = new Set(letters.map((r) => JSON.parse(r.value!.toString()) as { partition: number; offset: number }).map((l) => `${l.partition}@${l.offset}`));
      assert.equal(distinct.size, data.malformed, 'every malformed value is set aside (a replay may write one again)');
      assert.equal(await job.stop('SIGTERM'), 0, job.output());
      const last = job.logs().findLast((l) => l.msg === 'job stopped after a final checkpoint');
      assert.ok(last !== undefined, job.output());
    } finally {
      await job.stop('SIGKILL');
    }
  });
}
