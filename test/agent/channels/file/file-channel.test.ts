import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, readdirSync, readFileSync, statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { FileChannel } from '../../../../src/agent/channels/file/file-channel.js';
import { fileChannelOptions, type FileChannelOptions } from '../../../../src/agent/channels/file/options.js';
import { ChannelFullError } from '../../../../src/agent/errors.js';
import { eventOf } from '../../../../src/agent/event.js';
import { bodies, contextOf, drain, scratchDir } from '../../helpers.js';
import { waitFor } from '../../../helpers/wait-for.js';

function options(dir: string, extra: Partial<FileChannelOptions> = {}): FileChannelOptions {
  return { ...fileChannelOptions(contextOf({ checkpointDir: join(dir, 'cp'), dataDirs: join(dir, 'data') }, 'a1.channels.c1.')), ...extra };
}

async function open(dir: string, extra: Partial<FileChannelOptions> = {}): Promise<FileChannel> {
  const c = new FileChannel('c1', options(dir, extra));
  await c.start();
  return c;
}

const batch = (from: number, n: number) => Array.from({ length: n }, (_, i) => eventOf(`line-${from + i}`, Object.assign(Object.create(null), { n: String(from + i) })));

test('defaults are Flume’s: capacity 1,000,000, transactionCapacity 10,000, checkpointInterval 30 s', () => {
  const o = fileChannelOptions(contextOf({}, 'a1.channels.c1.'));
  assert.equal(o.capacity, 1_000_000);
  assert.equal(o.transactionCapacity, 10_000);
  assert.equal(o.checkpointIntervalMs, 30_000);
  assert.equal(o.fsyncPerTransaction, true);
});

test('headers and bodies come back intact and in order, across a clean restart', async () => {
  const dir = scratchDir();
  let c = await open(dir);
  await c.put(batch(0, 5));
  await c.put(batch(5, 5));
  const first = await c.take(3);
  assert.deepEqual(bodies(first.events), ['line-0', 'line-1', 'line-2']);
  await first.commit();
  await c.stop();
  c = await open(dir);
  const rest = await drain(c);
  assert.deepEqual(bodies(rest), ['line-3', 'line-4', 'line-5', 'line-6', 'line-7', 'line-8', 'line-9']);
  assert.deepEqual({ ...rest[0]!.headers }, { n: '3' });
  await c.stop();
  c = await open(dir);
  assert.equal(c.size(), 0, 'committed takes stay taken');
  await c.stop();
});

test('a rolled-back take returns its events, and an uncommitted take is redelivered after a restart', async () => {
  const dir = scratchDir();
  let c = await open(dir);
  await c.put(batch(0, 3));
  const tx = await c.take(2);
  await tx.rollback();
  const again = await c.take(2);
  assert.deepEqual(bodies(again.events), ['line-0', 'line-1']);
  await c.stop();
  c = await open(dir);
  assert.deepEqual(bodies(await drain(c)), ['line-0', 'line-1', 'line-2']);
  await c.stop();
});

test('events not kept in memory are read back from the data log', async () => {
  const dir = scratchDir();
  const c = await open(dir, { cacheBytes: 0 });
  await c.put(batch(0, 200));
  const got = await drain(c, 64);
  assert.deepEqual(bodies(got), batch(0, 200).map((e) => e.body.toString()));
  await c.stop();
});

test('a full file channel refuses the transaction after keep-alive', async () => {
  const dir = scratchDir();
  const c = await open(dir, { capacity: 3, keepAliveMs: 0 });
  await c.put(batch(0, 2));
  await assert.rejects(c.put(batch(2, 2)), ChannelFullError);
  await c.stop();
});

test('a torn record at the end of the log (a write that never returned) is ignored on replay', async () => {
  const dir = scratchDir();
  let c = await open(dir);
  await c.put(batch(0, 3));
  await c.stop();
  const dataDir = join(dir, 'data');
  const last = readdirSync(dataDir).filter((f) => f.startsWith('log-')).sort((a, b) => Number(a.slice(4)) - Number(b.slice(4))).at(-1)!;
  const file = join(dataDir, last);
  // A later put whose write was cut short: length prefix promising more bytes than exist.
  appendFileSync(file, Buffer.from([0, 0, 1, 0, 1, 2, 3, 4, 1, 9]));
  c = await open(dir);
  assert.deepEqual(bodies(await drain(c)), ['line-0', 'line-1', 'line-2']);
  await c.put(batch(3, 1));
  await c.stop();
  c = await open(dir);
  assert.deepEqual(bodies(await drain(c)), ['line-3']);
  await c.stop();
});

test('a corrupted record stops replay of that file at the damage', async () => {
  const dir = scratchDir();
  let c = await open(dir, { fsyncPerTransaction: true });
  await c.put(batch(0, 2));
  await c.put(batch(2, 2));
  await c.stop();
  const dataDir = join(dir, 'data');
  const file = join(dataDir, readdirSync(dataDir).filter((f) => f.startsWith('log-')).sort().at(-1)!);
  const size = statSync(file).size;
  truncateSync(file, size - 3);
  c = await open(dir);
  assert.deepEqual(bodies(await drain(c)), ['line-0', 'line-1']);
  await c.stop();
});

test('data logs wholly taken are deleted at the next checkpoint', async () => {
  const dir = scratchDir();
  const c = await open(dir, { maxFileSize: 700, checkpointIntervalMs: 100 });
  for (let i = 0; i < 20; i++) await c.put(batch(i * 10, 10));
  const dataDir = join(dir, 'data');
  const before = readdirSync(dataDir).filter((f) => f.startsWith('log-')).length;
  assert.ok(before > 3, `expected several small data files, got ${before}`);
  assert.equal((await drain(c, 50)).length, 200);
  await waitFor('old data logs to be deleted', () => readdirSync(dataDir).filter((f) => f.startsWith('log-')).length <= 2, { timeoutMs: 5000 });
  await c.stop();
  const cp = JSON.parse(readFileSync(join(dir, 'cp', 'checkpoint.json'), 'utf8')) as { lwm: number };
  assert.equal(cp.lwm, 200, 'all 200 sequence numbers are below the low-water mark');
});

test('two channels cannot share a checkpointDir while the first runs', async () => {
  const dir = scratchDir();
  const c = await open(dir);
  await assert.rejects(open(dir), /in use by another channel of this process/);
  await c.stop();
});

test('committed puts survive kill -9 of the process that made them', async () => {
  const dir = scratchDir();
  const child = spawn(process.execPath, [new URL('./put-until-killed.js', import.meta.url).pathname, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  let committed = 0;
  let buffered = '';
  child.stdout!.on('data', (d: Buffer) => {
    buffered += d.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const l of lines) committed = Math.max(committed, Number(l));
  });
  await waitFor('the child to commit 2,000 events', () => committed >= 2000, { timeoutMs: 20_000 });
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  const c = await open(dir);
  const got = bodies(await drain(c, 1000));
  await c.stop();
  assert.ok(got.length >= committed, `${got.length} events recovered, ${committed} were acknowledged`);
  assert.deepEqual(got.slice(0, committed), Array.from({ length: committed }, (_, i) => `line-${i}`));
  assert.equal(new Set(got).size, got.length, 'nothing recovered twice');
});
