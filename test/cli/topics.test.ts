import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CLI, inProcessBroker } from '../helpers/broker.js';
import { run } from '../helpers/exec.js';

let broker: Awaited<ReturnType<typeof inProcessBroker>>;
const streamdash = (...args: string[]) => run(process.execPath, [CLI, '--log-level', 'warn', ...args]);
before(async () => {
  broker = await inProcessBroker();
});
after(() => broker?.stop());

test('topics create, list, describe and delete talk to the broker', async () => {
  const b = ['--bootstrap', broker.bootstrap];
  const created = await streamdash('topics', 'create', 'clicks', '--partitions', '3', ...b);
  assert.equal(created.code, 0, created.stderr);
  assert.equal(created.stdout, 'Created topic clicks.\n');

  const listed = await streamdash('topics', 'list', ...b);
  assert.equal(listed.code, 0, listed.stderr);
  assert.ok(listed.stdout.split('\n').includes('clicks'));

  const described = await streamdash('topics', 'describe', 'clicks', ...b);
  assert.equal(described.code, 0, described.stderr);
  const lines = described.stdout.trimEnd().split('\n');
  assert.match(lines[0]!, /^Topic: clicks\tTopicId: \S+\tPartitionCount: 3\tReplicationFactor: 1$/);
  assert.deepEqual(lines.slice(1).map((l) => /Partition: (\d)/.exec(l)![1]), ['0', '1', '2']);

  const deleted = await streamdash('topics', 'delete', 'clicks', ...b);
  assert.equal(deleted.code, 0, deleted.stderr);
  assert.ok(!(await streamdash('topics', 'list', ...b)).stdout.split('\n').includes('clicks'));
});

test('describing a topic that does not exist fails with exit 1 and says how to find one', async () => {
  const r = await streamdash('topics', 'describe', 'ghost', '--bootstrap', broker.bootstrap);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /topic "ghost" does not exist; list the topics with `streamdash topics list`/);
});
