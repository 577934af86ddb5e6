import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StreamBuilder } from '../../../src/stream/dsl/stream-builder.js';
import { UnknownInputError } from '../../../src/stream/errors.js';
import { TestDriver, type DriverOptions, type PipeRecord } from '../../../src/stream/testing/test-driver.js';
import type { Topology } from '../../../src/stream/topology/topology.js';
import { hopping, session, tumbling } from '../../../src/stream/windows.js';
import { forSeeds, mulberry32, randomInt, seeds } from '../prng.js';

const OUTPUTS = ['page-counts', 'sliding', 'top', 'sessions', 'hopping-updates', 'late', 'graced', 'graced-sessions'];

/** One job using every stateful operator; input values are "page:n". */
function clickJob(): Topology {
  const b = new StreamBuilder();
  const clicks = b.stream('clicks').map((v) => {
    const [page, n] = v.split(':');
    return { page: page!, n: Number(n) };
  });
  const byPage = clicks.keyBy((c) => c.page);
  const pageValues = clicks.mapToPair((c) => [c.page, c.n]);
  byPage
    .window(tumbling(1000), { time: 'event', lateness: 300, late: 'late', name: 'per-page' })
    .count()
    .toStream()
    .to('page-counts');
  pageValues
    .reduceByKeyAndWindow((a, b) => a + b, (a, b) => a - b, 2000, 1000, { time: 'event', lateness: 300, name: 'sliding' })
    .toStream()
    .to('sliding');
  pageValues
    .updateStateByKey<string, number>((values, state) => values.reduce((a, b) => a + b, state ?? 0), { name: 'totals', ttl: '3s' })
    .topK(2)
    .to('top');
  byPage.window(session(400), { time: 'event', lateness: 300, name: 'visits' }).count().toStream().to('sessions');
  byPage
    .window(hopping(2000, 500), { time: 'event', lateness: 300, emit: { update: '700ms' }, name: 'hopping' })
    .count()
    .toStream()
    .to('hopping-updates');
  byPage.window(tumbling(1000, { grace: 400 }), { time: 'event', lateness: 100, name: 'graced' }).count().toStream().to('graced');
  byPage.window(session(300, { grace: 200 }), { time: 'event', name: 'graced-visits' }).count().toStream().to('graced-sessions');
  return b.build();
}

type Step = { kind: 'pipe'; records: PipeRecord[] } | { kind: 'advance'; ms: number };

function randomSteps(seed: number, partitions: number): Step[] {
  const random = mulberry32(seed);
  const steps: Step[] = [];
  let eventTime = 10_000;
  for (let i = 0; i < 50; i++) {
    if (random() < 0.6) {
      // Disorder up to 900 ms against a lateness of 300 ms: some records are late.
      const records = Array.from({ length: randomInt(random, 1, 6) }, () => {
        eventTime += randomInt(random, 0, 150);
        return {
          value: `p${randomInt(random, 1, 4)}:${randomInt(random, 1, 9)}`,
          timestamp: eventTime - (random() < 0.2 ? randomInt(random, 300, 900) : randomInt(random, 0, 200)),
          partition: randomInt(random, 0, partitions - 1),
        };
      });
      steps.push({ kind: 'pipe', records });
    } else {
      // Sometimes a quiet stretch: the clock moves on with no input.
      for (let quiet = random() < 0.2 ? randomInt(random, 2, 5) : 1; quiet > 0; quiet--) {
        steps.push({ kind: 'advance', ms: randomInt(random, 1, 1500) });
      }
    }
  }
  return steps;
}

function tables(driver: TestDriver): Record<string, Map<string, unknown>> {
  return Object.fromEntries(OUTPUTS.map((topic) => [topic, driver.outputTable(topic)]));
}

/**
 * Processing-time state (updateStateByKey) is only reproducible if a replayed record
 * sees the clock it first saw, so this run checkpoints after every clock move; more
 * checkpoints and the crashes fall at random between pipes.
 */
function runWithCrashes(seed: number, options: DriverOptions): { driver: TestDriver; crashes: number } {
  const random = mulberry32(seed ^ 0x5eed);
  const driver = new TestDriver(clickJob(), options);
  let crashes = 0;
  for (const step of randomSteps(seed, options.partitions?.clicks ?? 1)) {
    if (step.kind === 'pipe') {
      driver.pipe('clicks', step.records);
      const roll = random();
      if (roll < 0.25) {
        driver.crashAndRestart();
        crashes++;
      } else if (roll < 0.5) {
        driver.checkpoint();
      }
    } else {
      driver.advanceProcessingTime(step.ms);
      driver.checkpoint();
    }
  }
  return { driver, crashes };
}

function runClean(seed: number, options: DriverOptions): TestDriver {
  const driver = new TestDriver(clickJob(), options);
  for (const step of randomSteps(seed, options.partitions?.clicks ?? 1)) {
    if (step.kind === 'pipe') driver.pipe('clicks', step.records);
    else driver.advanceProcessingTime(step.ms);
  }
  return driver;
}

test('property: after crashes and restores, every result equals a clean run (3 partitions, real repartition topics)', () => {
  let duplicatesDropped = 0;
  let crashes = 0;
  forSeeds(seeds(12), (seed) => {
    const options: DriverOptions = { partitions: { clicks: 3 }, fuseSinglePartition: false };
    const clean = runClean(seed, options);
    const crashed = runWithCrashes(seed, options);
    assert.deepEqual(tables(crashed.driver), tables(clean));
    assert.ok(clean.metrics().lateRecords > 0, 'the data has late records');
    duplicatesDropped += crashed.driver.metrics().duplicatesDropped;
    crashes += crashed.crashes;
  });
  assert.ok(crashes > 10, `the runs crashed ${crashes} times`);
  assert.ok(duplicatesDropped > 0, 'some repartition records were sent twice and dropped, so the dedup path ran');
});

test('property: after crashes and restores, every result equals a clean run (one partition, fused task)', () => {
  forSeeds(seeds(8, 500), (seed) => {
    const clean = runClean(seed, {});
    const crashed = runWithCrashes(seed, {});
    assert.equal(crashed.driver.plan.subtopologies.length, 1);
    assert.deepEqual(tables(crashed.driver), tables(clean));
  });
});

test('a crash before any checkpoint replays everything from the start', () => {
  const steps = randomSteps(7, 3);
  const options: DriverOptions = { partitions: { clicks: 3 }, fuseSinglePartition: false };
  const clean = runClean(7, options);
  const driver = new TestDriver(clickJob(), options);
  let piped = 0;
  for (const step of steps) {
    if (step.kind === 'pipe') {
      driver.pipe('clicks', step.records);
      if (++piped === 1) driver.crashAndRestart();
    } else {
      driver.advanceProcessingTime(step.ms);
    }
  }
  assert.deepEqual(tables(driver), tables(clean));
});

test('the gender job survives a crash: the seed-format result for each second is the same', () => {
  const b = new StreamBuilder();
  b.stream('sex')
    .filter((v) => v === '0' || v === '1')
    .keyBy((v) => v)
    .window(tumbling('1s'))
    .count()
    .collect()
    .map((rows) => rows.map(([gender, n]) => ({ [gender]: n })))
    .to('result');
  const driver = new TestDriver(b.build(), { partitions: { sex: 2 }, fuseSinglePartition: false });
  const send = (...values: string[]) => driver.pipe('sex', values.map((value, i) => ({ value, partition: i % 2 })));
  send('0', '1', '1', '2');
  driver.advanceProcessingTime(1000);
  driver.checkpoint();
  send('1', '0', '0');
  driver.crashAndRestart();
  send('1');
  driver.advanceProcessingTime(1000);
  assert.deepEqual(driver.output('result').map((r) => [r.key, r.value]), [
    [{ start: 0, end: 1000 }, [{ '0': 1 }, { '1': 2 }]],
    [{ start: 1000, end: 2000 }, [{ '0': 2 }, { '1': 2 }]],
  ]);
});

test('a restored task keeps its schedule: state ticks go on with no new input', () => {
  const b = new StreamBuilder();
  b.stream('in')
    .mapToPair((v) => [v, 1])
    .updateStateByKey<string, number>((values, state) => (state ?? 0) + values.length, { interval: '1s' })
    .toStream()
    .to('totals');
  const driver = new TestDriver(b.build());
  driver.pipe('in', [{ value: 'k' }]);
  driver.advanceProcessingTime(1000);
  driver.checkpoint();
  driver.crashAndRestart();
  driver.advanceProcessingTime(2000);
  assert.deepEqual(driver.output('totals').map((r) => [r.value, r.timestamp]), [
    [1, 999],
    [1, 1999],
    [1, 2999],
  ]);
});

test('metrics: counts, state size, lag and rates over the injected clock', () => {
  const b = new StreamBuilder();
  b.stream('in').window(tumbling(1000), { time: 'event' }).count().toStream().to('out');
  const driver = new TestDriver(b.build(), { partitions: { in: 2 } });
  driver.metrics();
  driver.pipe('in', [0, 100, 200, 1500].map((timestamp, i) => ({ key: i < 3 ? 'a' : 'b', value: 'v', timestamp, partition: 0 })));
  driver.pipe('in', [{ key: 'c', value: 'v', timestamp: 0, partition: 1 }]);
  driver.advanceProcessingTime(2000);
  driver.checkpoint();
  const metrics = driver.metrics();
  assert.equal(metrics.recordsIn, 5);
  assert.equal(metrics.recordsOut, 1, 'a@[0,1000) closed on partition 0; partition 1 has not seen time pass 1000');
  assert.equal(metrics.lateRecords, 0);
  assert.equal(metrics.stateSize, 2, 'b@[1000,2000) and c@[0,1000) are still open');
  assert.equal(metrics.lag, 0, 'the driver processes everything it is given');
  assert.equal(metrics.recordsInPerSec, 2.5);
  assert.ok(metrics.checkpointMs >= 0);
});

test('the driver refuses topics nothing reads or writes', () => {
  const b = new StreamBuilder();
  b.stream('in').to('out');
  const driver = new TestDriver(b.build());
  assert.throws(() => driver.pipe('nope', [{ value: 'x' }]), /pipe to one of: in/);
  assert.throws(() => driver.pipe('in', [{ value: 'x', partition: 1 }]), UnknownInputError);
  assert.throws(() => driver.output('nope'), UnknownInputError);
  assert.throws(() => driver.store('nope'), UnknownInputError);
});
