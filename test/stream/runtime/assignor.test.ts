import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ClusterMetadata, ExtendedGroupProtocolSubscription } from '@platformatic/kafka';
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

const members = (ids: string[]) => new Map(ids.map((memberId): [string, ExtendedGroupProtocolSubscription] => [memberId, { memberId, version: 0 }]));

test('the assignor deals whole tasks: partition p of every topic a sub-topology reads goes to one member', () => {
  const p = plan();
  const assignments = taskAssignor(p)('m1', members(['m2', 'm1', 'm3']), new Set(), {} as ClusterMetadata);
  const owners = new Map<string, string>();
  for (const { memberId, assignments: byTopic } of assignments) {
    for (const task of tasksOf(p, [...byTopic.values()])) {
      assert.equal(owners.get(taskName(task)), undefined, `${taskName(task)} is given twice`);
      owners.set(taskName(task), memberId);
    }
    const clicks = byTopic.get('clicks')?.partitions ?? [];
    assert.deepEqual(byTopic.get('views')?.partitions ?? [], clicks, `${memberId} reads the same partitions of both inputs`);
  }
  assert.deepEqual([...owners.keys()].sort(), allTasks(p).map(taskName).sort(), 'every task has an owner');
  assert.deepEqual(
    assignments.map((a) => tasksOf(p, [...a.assignments.values()]).length),
    [2, 1, 1],
    'four tasks over three members, dealt in member-id order',
  );
});
