import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StreamBuilder } from '../../../src/stream/dsl/stream-builder.js';
import { allTasks, taskAssignor, taskName, tasksOf } from '../../../src/stream/runtime/assignor.js';

/** A job reading two co-partitioned topics into keyed state, and a one-task collect() after a repartition. */
function plan() {
  const b = new StreamBuilder();
  b.stream(['clicks', 'views'])
    .mapToPair((v) => [v, 1])
    .reduceByKeyAndWindow((a, b) => a + b, (a, b) => a - b, '1s', '1s')
    .collect()
    .to('out');
  return b.build().plan({ applicationId: 'app', partitions: () => 3 });
}

test('the assignor deals whole tasks: partition p of every topic a sub-topology reads goes to one member', () => {
  const p = plan();
  const assignments = taskAssignor(p)(['m2', 'm1', 'm3']);
  const owners = new Map<string, string>();
  for (const [memberId, topics] of assignments) {
    for (const task of tasksOf(p, topics)) {
      assert.equal(owners.get(taskName(task)), undefined, `${taskName(task)} is given twice`);
      owners.set(taskName(task), memberId);
    }
    const partitionsOf = (topic: string) => topics.find((t) => t.topic === topic)?.partitions ?? [];
    assert.deepEqual(partitionsOf('views'), partitionsOf('clicks'), `${memberId} reads the same partitions of both inputs`);
  }
  assert.deepEqual([...owners.keys()].sort(), allTasks(p).map(taskName).sort(), 'every task has an owner');
  assert.deepEqual(
    [...assignments].map(([id, topics]) => [id, tasksOf(p, topics).length]),
    [
      ['m1', 2],
      ['m2', 1],
      ['m3', 1],
    ],
    'four tasks over three members, dealt in member-id order',
  );
});
