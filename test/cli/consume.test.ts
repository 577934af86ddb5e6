import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CLI, inProcessBroker } from '../helpers/broker.js';
import { run } from '../helpers/exec.js';
import { fetchAll } from '../helpers/fetch-all.js';

let broker: Awaited<ReturnType<typeof inProcessBroker>>;
const streamdash = (args: string[], input?: string) => run(process.execPath, [CLI, '--log-level', 'warn', ...args], input === undefined ? {} : { input });
before(async () => {
  broker = await inProcessBroker();
});
after(() => broker?.stop());

test('stdin lines become messages; consume prints them back with key, partition, offset and timestamp on request', async (t) => {
  const b = ['--bootstrap', broker.bootstrap];
  const dir = mkdtempSync(join(tmpdir(), 'streamdash-cli-console-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const deadLetter = join(dir, 'bad.jsonl');
  const produced = await streamdash(
    ['produce', '--topic', 'console', '--key-separator', ':', '--headers', 'source:test', '--dead-letter', deadLetter, ...b],
    'k1:hello\nk2:world, with comma\nno separator here\nk3:\n',
  );
  assert.equal(produced.code, 0, produced.stderr);
  assert.match(produced.stderr, /1 line\(s\) had no key separator/);
  assert.deepEqual(JSON.parse(readFileSync(deadLetter, 'utf8')), { line: 3, reason: 'no key separator ":" in the line', text: 'no separator here' });
  const stored = await fetchAll(broker.port, 'console');
  assert.deepEqual(
    stored.records.map((r) => [r.key?.toString(), r.value?.toString(), r.headers.map((h) => `${h.key}=${h.value}`).join()]),
    [
      ['k1', 'hello', 'source=test'],
      ['k2', 'world, with comma', 'source=test'],
      ['k3', '', 'source=test'],
    ],
  );

  const plain = await streamdash(['consume', '--topic', 'console', '--from-beginning', '--max-messages', '3', ...b]);
  assert.equal(plain.code, 0, plain.stderr);
  assert.equal(plain.stdout, 'hello\nworld, with comma\n\n');
  assert.match(plain.stderr, /Processed a total of 3 messages/);

  const detailed = await streamdash(['consume', '--topic', 'console', '--from-beginning', '--max-messages', '2', '--print-key', '--print-partition', '--print-offset', '--print-timestamp', ...b]);
  const [first, second] = detailed.stdout.trimEnd().split('\n').map((l) => l.split('\t'));
  assert.match(first![0]!, /^CreateTime:\d{13}$/);
  assert.deepEqual(first!.slice(1), ['Partition:0', 'Offset:0', 'k1', 'hello']);
  assert.deepEqual(second!.slice(1), ['Partition:0', 'Offset:1', 'k2', 'world, with comma']);
});

test('--timeout-ms ends a consume that has nothing more to read; --group picks up where the last run stopped', async () => {
  const b = ['--bootstrap', broker.bootstrap];
  const lines = Array.from({ length: 10 }, (_, i) => `line ${i}`).join('\n') + '\n';
  assert.equal((await streamdash(['produce', '--topic', 'resume', ...b], lines)).code, 0);

  const first = await streamdash(['consume', '--topic', 'resume', '--group', 'readers', '--from-beginning', '--max-messages', '4', ...b]);
  assert.equal(first.stdout, 'line 0\nline 1\nline 2\nline 3\n');
  const second = await streamdash(['consume', '--topic', 'resume', '--group', 'readers', '--from-beginning', '--timeout-ms', '1500', ...b]);
  assert.equal(second.code, 0, second.stderr);
  assert.equal(second.stdout, 'line 4\nline 5\nline 6\nline 7\nline 8\nline 9\n');
  assert.match(second.stderr, /Processed a total of 6 messages/);
});

test('produce without --topic or a sub-command is a usage error that says what to add', async () => {
  const r = await streamdash(['produce'], '');
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /needs --topic <name>/);
});

test('a consumer may start before its topic exists, as the seeds start consumer.py before producer.py', async () => {
  const r = await streamdash(['consume', '--topic', 'not-yet', '--timeout-ms', '1000', '--bootstrap', broker.bootstrap]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /Processed a total of 0 messages/);
});

test("the seeds' console lines: produce --broker-list, consume --bootstrap-server … --from-beginning", async () => {
  const produced = await streamdash(['produce', '--broker-list', broker.bootstrap, '--topic', 'dblab'], 'hello\nworld\n');
  assert.equal(produced.code, 0, produced.stderr);
  const consumed = await streamdash(['consume', '--bootstrap-server', broker.bootstrap, '--topic', 'dblab', '--from-beginning', '--max-messages', '2']);
  assert.equal(consumed.code, 0, consumed.stderr);
  assert.equal(consumed.stdout, 'hello\nworld\n');
});
