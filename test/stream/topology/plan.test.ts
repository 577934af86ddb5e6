import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StreamBuilder } from '../../../src/stream/dsl/stream-builder.js';
import { PartitionCountError, TopologyError, UnknownInputError } from '../../../src/stream/errors.js';
import { createTask } from '../../../src/stream/task/create-task.js';
import type { Topology } from '../../../src/stream/topology/topology.js';
import { tumbling } from '../../../src/stream/windows.js';

/** The gender job: count per gender in 1-second windows, keyed by the value since the producer sends no key. */
function genderJob(gather: boolean): Topology {
  const b = new StreamBuilder();
  const counts = b
    .stream('sex')
    .filter((v) => v === '0' || v === '1')
    .keyBy((v) => v)
    .window(tumbling('1s'), { name: 'gender-counts' })
    .count();
  if (gather) counts.collect().to('result');
  else counts.toStream().to('result');
  return b.build();
}

const partitions =
  (counts: Record<string, number>) =>
  (topic: string): number =>
    counts[topic] ?? 1;

test('a key change splits the job at a repartition topic named after the stateful operator', () => {
  const topology = genderJob(false);
  assert.equal(topology.subtopologies.length, 2);
  assert.deepEqual(topology.subtopologies.map((s) => s.sources.map((x) => x.topic)), [['sex'], ['gender-counts-repartition']]);
  assert.deepEqual(topology.subtopologies[1]!.stores, [{ name: 'gender-counts-store', kind: 'window' }]);
  assert.match(topology.describe(), /key-by key-by-0002 --> gender-counts-repartition-sink/);
});

test('repartition topics get the upstream partition count, and every task with state or a repartition output a changelog', () => {
  const plan = genderJob(false).plan({ applicationId: 'gender', partitions: partitions({ sex: 3 }) });
  assert.deepEqual(plan.subtopologies.map((s) => [s.name, s.inputTopics, s.partitions, s.changelogTopic]), [
    ['sub-0', ['sex'], 3, 'gender-sub-0-changelog'],
    ['sub-1', ['gender-gender-counts-repartition'], 3, 'gender-sub-1-changelog'],
  ]);
  assert.deepEqual(plan.internalTopics, [
    { name: 'gender-sub-0-changelog', partitions: 3, purpose: 'changelog' },
    { name: 'gender-gender-counts-repartition', partitions: 3, purpose: 'repartition' },
    { name: 'gender-sub-1-changelog', partitions: 3, purpose: 'changelog' },
  ]);
  assert.equal(plan.subtopologyOf('gender-gender-counts-repartition')!.index, 1);
  assert.equal(plan.partitionsOf('sex'), 3);
});

test('collect() puts every key in one task: its repartition topic has one partition', () => {
  const plan = genderJob(true).plan({ applicationId: 'gender', partitions: partitions({ sex: 3 }) });
  assert.deepEqual(plan.subtopologies.map((s) => s.partitions), [3, 1]);
});

test('collect() adds a repartition topic even when the key did not change', () => {
  const b = new StreamBuilder();
  b.stream('keyed').window(tumbling(1000)).count().collect().to('out');
  const plan = b.build().plan({ applicationId: 'a', partitions: partitions({ keyed: 4 }) });
  assert.deepEqual(plan.subtopologies.map((s) => s.partitions), [4, 1]);
});

test('collect() after an explicit partition count asks to drop that option', () => {
  const b = new StreamBuilder();
  const table = b.stream('in').keyBy((v) => v).window(tumbling(1000), { partitions: 2 }).count();
  assert.throws(() => table.collect(), /drop that option/);
});

test('one partition on both sides of a repartition fuses the two into one task, unless asked not to', () => {
  const fused = genderJob(false).plan({ applicationId: 'g', partitions: () => 1 });
  assert.deepEqual(fused.subtopologies.map((s) => [s.name, s.holds, s.inputTopics, s.changelogTopic]), [
    ['sub-0', [0, 1], ['sex'], 'g-sub-0-changelog'],
  ]);
  assert.deepEqual(fused.internalTopics, [{ name: 'g-sub-0-changelog', partitions: 1, purpose: 'changelog' }]);
  const apart = genderJob(false).plan({ applicationId: 'g', partitions: () => 1, fuseSinglePartition: false });
  assert.equal(apart.subtopologies.length, 2);
});

test('a stateless task reading topics of different widths gets the widest count', () => {
  const b = new StreamBuilder();
  b.stream('a').merge(b.stream('b')).to('out');
  const plan = b.build().plan({ applicationId: 'm', partitions: partitions({ a: 2, b: 5 }) });
  assert.deepEqual(plan.subtopologies.map((s) => [s.partitions, s.changelogTopic]), [[5, undefined]]);
  assert.equal(plan.partitionsOf('a'), 2);
});

test('a stateful task reading topics of different widths is refused with the fix', () => {
  const b = new StreamBuilder();
  b.stream('a').merge(b.stream('b')).window(tumbling(1000)).count();
  const topology = b.build();
  assert.throws(
    () => topology.plan({ applicationId: 'm', partitions: partitions({ a: 2, b: 5 }) }),
    (err: unknown) => err instanceof PartitionCountError && /a \(2\), b \(5\)/.test(err.message) && /partitions option/.test(err.message),
  );
  assert.throws(() => topology.plan({ applicationId: 'm', partitions: () => 0 }), PartitionCountError);
});

test('the partitions option moves a stateful operator behind a repartition topic of that width', () => {
  const b = new StreamBuilder();
  b.stream('a').merge(b.stream('b')).window(tumbling(1000), { partitions: 3 }).count();
  const plan = b.build().plan({ applicationId: 'm', partitions: partitions({ a: 2, b: 5 }) });
  assert.deepEqual(plan.subtopologies.map((s) => s.partitions), [5, 3]);
  assert.throws(() => new StreamBuilder().stream('x').window(tumbling(1000), { partitions: 0 }).count(), TopologyError);
});

test('tasks exist per sub-topology and partition', () => {
  const plan = genderJob(false).plan({ applicationId: 'g', partitions: partitions({ sex: 2 }) });
  const sink = { send() {} };
  assert.equal(createTask(plan, 1, 1, { sink }).id, '1_1');
  assert.throws(() => createTask(plan, 1, 2, { sink }), UnknownInputError);
  assert.throws(() => createTask(plan, 7, 0, { sink }), UnknownInputError);
  assert.throws(() => plan.partitionsOf('nope'), UnknownInputError);
});
