import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { inProcessBroker } from '../../helpers/broker.js';
import { spawnJob, tasksAssigned, type AssignedLine, type JobProcess } from '../../stream/runtime/job-process.js';
import { createTopics, producePaced } from '../../helpers/produce.js';
import { readTopic } from '../../stream/runtime/topic-reading.js';
import { genderInput, reached, sumResults } from './gender-results.js';
import { waitForValue } from '../../helpers/wait-for.js';

let broker: Awaited<ReturnType<typeof inProcessBroker>>;
before(async () => {
  broker = await inProcessBroker();
});
after(() => broker?.stop());

const ALL_TASKS = ['0_0', '0_1', '0_2', '1_0'];
const STATEFUL_TASK = '1_0';

test('gender: two instances split the tasks; kill -9 the one with the window state and the other restores it from the changelog, totals exact', { timeout: 150_000 }, async () => {
  const [input, output] = ['sex-two', 'result-two'];
  await createTopics(broker.bootstrap, { [input]: 3, [output]: 1 });
  const data = genderInput(7, 6000);
  const args = [
    'gender',
    '--bootstrap', broker.bootstrap,
    '--application-id', 'gender-two',
    '--input', input,
    '--output', output,
    '--dead-letter-topic', 'gender-two-dead-letter',
    '--checkpoint-interval', '1s',
    '--session-timeout', '6s',
    '--no-metrics-topic',
  ];
  const jobs: JobProcess[] = [await spawnJob(args)];
  try {
    await jobs[0]!.waitForLog(tasksAssigned(ALL_TASKS.length));
    jobs.push(await spawnJob(args));
    await waitForValue('the two instances splitting the tasks', async () => jobs.map((j) => j.tasks()), ([a, b]) => a!.length > 0 && b!.length > 0 && [...a!, ...b!].sort().join() === ALL_TASKS.join(), { timeoutMs: 30_000, intervalMs: 250 });
    const producing = producePaced(broker.bootstrap, input, data.values, 9000);
    await waitForValue('the first windows', () => readTopic(broker.port, output), (r) => r.length >= 3, { timeoutMs: 30_000, intervalMs: 250 });

    const victim = jobs.find((j) => j.tasks().includes(STATEFUL_TASK))!;
    const survivor = jobs.find((j) => j !== victim)!;
    const moved = victim.tasks();
    const killedAt = survivor.logs().length;
    assert.equal(await victim.stop('SIGKILL'), null);
    const takeover = (await survivor.waitForLog(tasksAssigned(ALL_TASKS.length), { from: killedAt })) as AssignedLine;
    assert.deepEqual([...takeover.started!].sort(), [...moved].sort(), 'the survivor starts exactly the tasks it did not have');
    assert.ok(takeover.restoredRecords! > 0, 'and restores their state from the changelog');
    await producing;

    const read = async () => sumResults(await readTopic(broker.port, output), 1000);
    await waitForValue(`sums reaching ${JSON.stringify(data.expected)}`, read, (sums) => reached(sums, data.expected), { timeoutMs: 60_000, intervalMs: 250 });
    await sleep(2500);
    assert.deepEqual(await read(), data.expected);
    assert.equal(await survivor.stop('SIGTERM'), 0, survivor.output());
  } finally {
    for (const job of jobs) await job.stop('SIGKILL');
  }
});
