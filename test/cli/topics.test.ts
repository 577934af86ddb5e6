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

test("Kafka's tool habits: --topic, --bootstrap-server, --broker-list, describe with no name, --replication-factor", async () => {
  const created = await streamdash('topics', 'create', '--topic', 'dblab', '--partitions', '2', '--replication-factor', '1', '--bootstrap-server', broker.bootstrap);
  assert.equal(created.code, 0, created.stderr);
  assert.equal(created.stdout, 'Created topic dblab.\n');
  assert.equal((await streamdash('topics', 'create', '--topic', 'sex', '--broker-list', broker.bootstrap)).code, 0);

  // With no name, every topic is described, one block after the other, in kafka-topics.sh's layout.
  const all = await streamdash('topics', 'describe', '--bootstrap-server', broker.bootstrap);
  assert.equal(all.code, 0, all.stderr);
  const heads = all.stdout.split('\n').filter((l) => l.startsWith('Topic: '));
  const names = heads.map((l) => /^Topic: (\S+)\t/.exec(l)![1]);
  assert.deepEqual(names.filter((n) => n === 'dblab' || n === 'sex'), ['dblab', 'sex']);
  assert.match(heads[names.indexOf('dblab')]!, /\tPartitionCount: 2\tReplicationFactor: 1$/);
  const one = await streamdash('topics', 'describe', '--topic', 'sex', '--bootstrap-server', broker.bootstrap);
  assert.equal(one.stdout.split('\n').filter((l) => l.startsWith('Topic: ')).length, 1);

  // A factor the single node cannot give is refused in Kafka's own words.
  const rf3 = await streamdash('topics', 'create', '--topic', 'triple', '--replication-factor', '3', '--bootstrap-server', broker.bootstrap);
  assert.equal(rf3.code, 1);
  assert.match(rf3.stderr, /Unable to replicate the partition 3 time\(s\): The target replication factor of 3 cannot be reached because only 1 broker\(s\) are registered/);

  const deleted = await streamdash('topics', 'delete', '--topic', 'sex', '--bootstrap-server', broker.bootstrap);
  assert.equal(deleted.code, 0, deleted.stderr);
});

test('two different brokers, or a missing topic name, are refused with what to give', async () => {
  const two = await streamdash('topics', 'list', '--bootstrap', broker.bootstrap, '--bootstrap-server', '127.0.0.1:1');
  assert.equal(two.code, 1);
  assert.match(two.stderr, /--bootstrap \S+ and --bootstrap-server 127\.0\.0\.1:1 name different brokers; give one of them/);
  const none = await streamdash('topics', 'create', '--bootstrap', broker.bootstrap);
  assert.equal(none.code, 1);
  assert.match(none.stderr, /`topics create` needs a topic: give it as the argument or with --topic <name>/);
});
