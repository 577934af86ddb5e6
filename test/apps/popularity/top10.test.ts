import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { PageBehaviorGenerator } from '../../../src/apps/page-behavior/generator.js';
import { POPULARITY_DEAD_LETTERS, popularityJob, type PagePopularity } from '../../../src/apps/popularity/popularity-job.js';
import { DEAD_LETTERED, type DeadLetter } from '../../../src/stream/runtime/dead-letters.js';
import { StreamRuntime } from '../../../src/stream/runtime/stream-runtime.js';
import { inProcessBroker } from '../../helpers/broker.js';
import { createTopics, producePaced } from '../../helpers/produce.js';
import { readTopic } from '../../stream/runtime/topic-reading.js';
import { waitForValue } from '../../helpers/wait-for.js';

let broker: Awaited<ReturnType<typeof inProcessBroker>>;
before(async () => {
  broker = await inProcessBroker();
});
after(() => broker?.stop());

const MALFORMED = ['page7|2|1.5', 'page8|x|1.0|1', '|1|1.0|1', 'page9|1|1.0|5', 'not a message at all'];

/** The reference: every message's popularity, as the seed defines it, summed per page, all pages sorted. */
function bruteForceTop10(lines: readonly string[]): PagePopularity[] {
  const sums = new Map<string, number>();
  for (const line of lines) {
    const [page, clicks, stay, like] = line.split('|') as [string, string, string, string];
    // The seed reads each field with Scala's toFloat: a 32-bit float.
    const popularity = Math.fround(Number(clicks)) * 0.8 + Math.fround(Number(stay)) * 0.8 + Math.fround(Number(like));
    sums.set(page, (sums.get(page) ?? 0) + popularity);
  }
  return [...sums]
    .sort(([pa, a], [pb, b]) => b - a || (pa < pb ? -1 : pa > pb ? 1 : 0))
    .slice(0, 10)
    .map(([page, popularity]) => ({ page, popularity }));
}

function runJob(printed: string[]) {
  const job = popularityJob({ input: 'behavior-top', output: 'top10', deadLetterTopic: POPULARITY_DEAD_LETTERS, interval: '500ms', print: (lines) => printed.push(lines) });
  const runtime = new StreamRuntime(job.topology, {
    bootstrap: broker.bootstrap,
    applicationId: 'popularity-top',
    checkpointIntervalMs: 1000,
    metricsTopic: null,
    counters: job.counters,
  });
  const stop = new AbortController();
  return { runtime, stop, done: runtime.run(stop.signal) };
}

async function lastTop10(): Promise<PagePopularity[]> {
  const records = await readTopic(broker.port, 'top10');
  return records.length === 0 ? [] : (JSON.parse(records[records.length - 1]!.value!.toString()) as PagePopularity[]);
}

test('popularity: the top 10 equals a brute-force computation over every message produced, across a restart', { timeout: 120_000 }, async () => {
  await createTopics(broker.bootstrap, { 'behavior-top': 1, top10: 1, [POPULARITY_DEAD_LETTERS]: 1 });
  const generator = new PageBehaviorGenerator(11);
  const good = Array.from({ length: 4000 }, () => generator.nextMessage());
  const [firstHalf, secondHalf] = [[...good.slice(0, 2000), ...MALFORMED.slice(0, 2)], [...good.slice(2000), ...MALFORMED.slice(2)]];
  const printed: string[] = [];

  let job = runJob(printed);
  await producePaced(broker.bootstrap, 'behavior-top', firstHalf, 1000);
  const first = bruteForceTop10(good.slice(0, 2000));
  await waitForValue('the first half’s top 10', lastTop10, (top) => JSON.stringify(top) === JSON.stringify(first), { timeoutMs: 30_000, intervalMs: 250 });
  job.stop.abort();
  await job.done;

  // A new runtime under the same application id: the sums come back from the changelog, not from re-reading the input.
  job = runJob(printed);
  await producePaced(broker.bootstrap, 'behavior-top', secondHalf, 1000);
  const expected = bruteForceTop10(good);
  await waitForValue('the top 10 of every message', lastTop10, (top) => JSON.stringify(top) === JSON.stringify(expected), { timeoutMs: 30_000, intervalMs: 250 });
  assert.deepEqual(await lastTop10(), expected);
  assert.equal(job.runtime.metrics().recordsIn, secondHalf.length, 'the restarted job read only the second half');
  assert.equal(job.runtime.metrics().counters[DEAD_LETTERED], MALFORMED.length - 2);
  job.stop.abort();
  await job.done;

  const lastPrint = printed[printed.length - 1]!.trimEnd().split('\n');
  assert.equal(lastPrint.length, 10);
  assert.match(lastPrint[0]!, /^\(page\d+,-?\d+\.\d+\)$/, 'printed as Scala prints a (String, Double)');
  const letters = (await readTopic(broker.port, POPULARITY_DEAD_LETTERS)).map((r) => JSON.parse(r.value!.toString()) as DeadLetter);
  assert.deepEqual(letters.map((l) => l.text), MALFORMED);
  assert.ok(letters.every((l) => l.topic === 'behavior-top' && l.offset >= 0 && l.reason.length > 0));
});
