import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { PageBehaviorGenerator } from '../../src/apps/page-behavior/generator.js';
import { CLI, inProcessBroker } from '../helpers/broker.js';
import { run } from '../helpers/exec.js';
import { fetchAll } from '../helpers/fetch-all.js';

let dir: string;
const streamdash = (...args: string[]) => run(process.execPath, [CLI, '--log-level', 'warn', ...args]);
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'streamdash-cli-gen-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('gen taobao writes the same file for the same seed and another for another seed', async () => {
  const out = (name: string) => join(dir, name);
  for (const [name, seed] of [['a.csv', '5'], ['b.csv', '5'], ['c.csv', '6']] as const) {
    const r = await streamdash('gen', 'taobao', '--rows', '2000', '--seed', seed, '--out', out(name));
    assert.equal(r.code, 0, r.stderr);
  }
  const a = readFileSync(out('a.csv'));
  assert.equal(a.toString().trimEnd().split('\n').length, 2001);
  assert.ok(a.equals(readFileSync(out('b.csv'))));
  assert.ok(!a.equals(readFileSync(out('c.csv'))));
});

test('gen access-log writes the lines asked for, rotating without losing one', async () => {
  const out = join(dir, 'logs', 'access.log');
  const r = await streamdash('gen', 'access-log', '--out', out, '--rate', '0', '--lines', '3000', '--rotate-bytes', '50000', '--seed', '3');
  assert.equal(r.code, 0, r.stderr);
  const files = readdirSync(join(dir, 'logs'));
  assert.ok(files.length > 2, files.join(' '));
  const lines = files.flatMap((f) => readFileSync(join(dir, 'logs', f), 'utf8').split('\n').filter((l) => l));
  assert.equal(lines.length, 3000);
  assert.ok(lines.every((l) => l.split('\t').length === 5));
});

test('gen page-behavior sends each interval its seeded batch to user-behavior-topic', async (t) => {
  const broker = await inProcessBroker();
  t.after(() => broker.stop());
  const r = await streamdash('gen', 'page-behavior', '--bootstrap', broker.bootstrap, '--intervals', '3', '--interval-ms', '50', '--seed', '12');
  assert.equal(r.code, 0, r.stderr);
  const expected = new PageBehaviorGenerator(12);
  const batches = [expected.nextBatch(), expected.nextBatch(), expected.nextBatch()].flat();
  const { records } = await fetchAll(broker.port, 'user-behavior-topic');
  assert.deepEqual(records.map((x) => x.value!.toString()), batches);
});
