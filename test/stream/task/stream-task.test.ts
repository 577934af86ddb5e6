import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StreamBuilder } from '../../../src/stream/dsl/stream-builder.js';
import { ChangelogFormatError, TaskStateError, UnknownInputError } from '../../../src/stream/errors.js';
import type { ChangelogRecord, OutputRecord } from '../../../src/stream/records.js';
import { decodeChangelogRecord } from '../../../src/stream/state/changelog-format.js';
import type { KeyValueStore } from '../../../src/stream/state/key-value-store.js';
import { createTask } from '../../../src/stream/task/create-task.js';
import type { StreamTask } from '../../../src/stream/task/stream-task.js';

/** A one-task job keeping a running count per key (updateStateByKey) on topic `in`. */
function countingTask(name = 'counts'): { task: StreamTask; sent: OutputRecord[]; create: () => StreamTask } {
  const b = new StreamBuilder();
  b.stream('in')
    .updateStateByKey<string | null, number>((values, state) => (state ?? 0) + values.length, { name })
    .toStream()
    .to('out');
  const plan = b.build().plan({ applicationId: 'app', partitions: () => 1 });
  const sent: OutputRecord[] = [];
  const create = () => createTask(plan, 0, 0, { sink: { send: (r) => sent.push(r) } });
  return { task: create(), sent, create };
}

let offset = 0;
const record = (key: string, topic = 'in', partition = 0) => ({
  topic,
  partition,
  offset: offset++,
  timestamp: 0,
  key: Buffer.from(key),
  value: Buffer.from('x'),
});

const stateOf = (task: StreamTask) =>
  Object.fromEntries([...(task.stores.get('counts-state') as KeyValueStore<string, { state: number }>).entries()].map(([k, v]) => [k, v.state]));

test('a checkpoint lists the changed entries, then a marker with the next offsets to read', () => {
  offset = 10;
  const { task } = countingTask();
  task.process(record('a'));
  task.process(record('b'));
  const checkpoint = task.checkpoint();
  assert.deepEqual(checkpoint.offsets, [{ topic: 'in', partition: 0, offset: 12 }]);
  const decoded = checkpoint.changelog.map(decodeChangelogRecord);
  const last = decoded.at(-1)!;
  assert.deepEqual(last.type === 'marker' && [last.marker.checkpoint, last.marker.full, last.marker.positions], [1, false, { in: 12 }]);
  const entries = (d: ReturnType<typeof decodeChangelogRecord>[]) =>
    d.flatMap((e) => (e.type === 'entry' ? [`${e.store} ${e.change.key.toString()} ${e.change.value === null ? 'deleted' : 'set'}`] : []));
  assert.deepEqual(entries(decoded), ['counts-pending "a" set', 'counts-pending "b" set']);

  task.advanceTime(1000);
  const next = task.checkpoint().changelog.map(decodeChangelogRecord);
  assert.deepEqual(entries(next), ['counts-pending "a" deleted', 'counts-pending "b" deleted', 'counts-state "a" set', 'counts-state "b" set']);
  assert.deepEqual(task.checkpoint().changelog.map(decodeChangelogRecord).map((d) => d.type), ['marker'], 'nothing changed since');
});

test('restore rebuilds the state and returns where to resume reading', () => {
  offset = 0;
  const { task, create } = countingTask();
  const log: ChangelogRecord[] = [];
  task.process(record('a'));
  task.advanceTime(1000);
  log.push(...task.checkpoint().changelog);
  task.process(record('a'));
  task.process(record('b'));
  task.advanceTime(2000);
  log.push(...task.checkpoint().changelog);

  const restored = create();
  const positions = restored.restore(log);
  assert.deepEqual(positions, new Map([['in', 3]]));
  assert.deepEqual(stateOf(restored), { a: 2, b: 1 });
  assert.deepEqual(stateOf(restored), stateOf(task));
});

test('entries after the last marker belong to a checkpoint cut short, and are ignored', () => {
  offset = 0;
  const { task, create } = countingTask();
  task.process(record('a'));
  task.advanceTime(1000);
  const first = task.checkpoint().changelog;
  task.process(record('b'));
  task.advanceTime(2000);
  const second = task.checkpoint().changelog;
  const restored = create();
  const positions = restored.restore([...first, ...second.slice(0, -1)]);
  assert.deepEqual(positions, new Map([['in', 1]]));
  assert.deepEqual(stateOf(restored), { a: 1 });
});

test('a full snapshot replaces everything before it', () => {
  offset = 0;
  const { task, create } = countingTask();
  const log: ChangelogRecord[] = [];
  task.process(record('gone'));
  task.advanceTime(1000);
  log.push(...task.checkpoint().changelog);
  // A key dropped without the changelog hearing of it: only a full snapshot can make that right.
  (task.stores.get('counts-state') as KeyValueStore<string, unknown>).clear();
  task.process(record('kept'));
  task.advanceTime(2000);
  log.push(...task.snapshot().changelog);
  const restored = create();
  restored.restore(log);
  assert.deepEqual(stateOf(restored), { kept: 1 });
});

test('an empty changelog restores nothing and names no position', () => {
  const { create } = countingTask();
  assert.equal(create().restore([]), undefined);
});

test('restoring a task that already ran is refused', () => {
  offset = 0;
  const { task } = countingTask();
  task.process(record('a'));
  assert.throws(() => task.restore([]), TaskStateError);
});

test('a changelog from a job whose stores were renamed is refused, saying how to recover', () => {
  offset = 0;
  const { task } = countingTask('old-name');
  task.process(record('a'));
  task.advanceTime(1000);
  const log = task.checkpoint().changelog;
  assert.throws(() => countingTask('new-name').task.restore(log), (err: unknown) => err instanceof ChangelogFormatError && /name stateful operators/.test(err.message));
});

test('records for another topic or partition are refused', () => {
  const { task } = countingTask();
  assert.throws(() => task.process(record('a', 'other')), UnknownInputError);
  assert.throws(() => task.process(record('a', 'in', 1)), UnknownInputError);
});

test('processing time never goes back', () => {
  const { task, sent } = countingTask();
  task.advanceTime(5000);
  task.advanceTime(100);
  assert.equal(task.now, 5000);
  task.process(record('a'));
  task.advanceTime(5999);
  assert.equal(sent.length, 0);
  task.advanceTime(6000);
  assert.equal(sent.length, 1);
});
