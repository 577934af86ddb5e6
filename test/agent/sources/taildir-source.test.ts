import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, renameSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Agent } from '../../../src/agent/agent.js';
import type { FlumeEvent } from '../../../src/agent/event.js';
import { agentFrom, bodies, drain, props, scratchDir } from '../helpers.js';
import { waitFor } from '../../helpers/wait-for.js';

function taildirAgent(dir: string, ...extra: string[]): Agent {
  return agentFrom(
    props(
      'a1.sources = r1',
      'a1.channels = c1',
      'a1.sources.r1.type = TAILDIR',
      'a1.sources.r1.filegroups = f1',
      `a1.sources.r1.filegroups.f1 = ${dir}/access.log`,
      `a1.sources.r1.positionFile = ${dir}/position.json`,
      'a1.sources.r1.backoffSleepIncrement = 20',
      'a1.sources.r1.maxBackoffSleep = 50',
      'a1.sources.r1.channels = c1',
      'a1.channels.c1.type = memory',
      'a1.channels.c1.capacity = 100000',
      'a1.channels.c1.transactionCapacity = 1000',
      ...extra,
    ),
  );
}

const numbered = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `line-${from + i}`);
const text = (lines: string[]) => lines.map((l) => l + '\n').join('');

/** Drains into `got` until it holds `n` events. */
async function collect(agent: Agent, got: FlumeEvent[], n: number): Promise<string[]> {
  await waitFor(`${n} lines`, async () => {
    got.push(...(await drain(agent.channels.get('c1')!)));
    return got.length >= n;
  });
  return bodies(got);
}

test('tails the matching files line by line and records {inode, pos, file} in the position file', async () => {
  const dir = scratchDir();
  writeFileSync(join(dir, 'access.log'), text(numbered(0, 5)) + 'partial');
  writeFileSync(join(dir, 'other.log'), 'not tailed\n');
  const agent = taildirAgent(dir);
  await agent.start();
  assert.deepEqual(await collect(agent, [], 5), numbered(0, 5));
  appendFileSync(join(dir, 'access.log'), ' now whole\n');
  assert.deepEqual(await collect(agent, [], 1), ['partial now whole']);
  await agent.stop();
  const st = statSync(join(dir, 'access.log'));
  assert.deepEqual(JSON.parse(readFileSync(join(dir, 'position.json'), 'utf8')), [{ inode: st.ino, pos: st.size, file: join(dir, 'access.log') }]);
});

test('rotation by rename loses nothing: the renamed file is read to its end, then the new one', async () => {
  const dir = scratchDir();
  const log = join(dir, 'access.log');
  writeFileSync(log, text(numbered(0, 100)));
  const agent = taildirAgent(dir);
  await agent.start();
  const got: FlumeEvent[] = [];
  await collect(agent, got, 100);
  // Written just before the rename, likely not read yet when the file moves away.
  appendFileSync(log, text(numbered(100, 150)));
  renameSync(log, `${log}.1`);
  writeFileSync(log, text(numbered(150, 200)));
  assert.deepEqual(await collect(agent, got, 200), numbered(0, 200));
  await new Promise((r) => setTimeout(r, 200));
  assert.equal((await drain(agent.channels.get('c1')!)).length, 0, 'nothing read twice');
  await agent.stop();
});

test('a restart resumes from the position file, even when the file was rotated while the agent was down', async () => {
  const dir = scratchDir();
  const log = join(dir, 'access.log');
  writeFileSync(log, text(numbered(0, 10)));
  let agent = taildirAgent(dir);
  await agent.start();
  await collect(agent, [], 10);
  await agent.stop();
  appendFileSync(log, text(numbered(10, 20)));
  renameSync(log, `${log}.1`);
  writeFileSync(log, text(numbered(20, 30)));
  agent = taildirAgent(dir);
  await agent.start();
  const got: FlumeEvent[] = [];
  assert.deepEqual(await collect(agent, got, 20), numbered(10, 30));
  await new Promise((r) => setTimeout(r, 200));
  assert.equal((await drain(agent.channels.get('c1')!)).length, 0);
  await agent.stop();
});

test('a restart after several rotations the agent saw reads none of the rotated files again', { timeout: 30_000 }, async () => {
  const dir = scratchDir();
  const log = join(dir, 'access.log');
  writeFileSync(log, text(numbered(0, 10)));
  let agent = taildirAgent(dir);
  await agent.start();
  const got: FlumeEvent[] = [];
  await collect(agent, got, 10);
  // Two rotations while the agent runs: access.log.2 and .1 are both files it followed.
  renameSync(log, `${log}.1`);
  writeFileSync(log, text(numbered(10, 20)));
  await collect(agent, got, 20);
  renameSync(`${log}.1`, `${log}.2`);
  renameSync(log, `${log}.1`);
  writeFileSync(log, text(numbered(20, 30)));
  assert.deepEqual(await collect(agent, got, 30), numbered(0, 30));
  await agent.stop();
  appendFileSync(log, text(numbered(30, 35)));
  agent = taildirAgent(dir);
  await agent.start();
  const after: FlumeEvent[] = [];
  assert.deepEqual(await collect(agent, after, 5), numbered(30, 35));
  await new Promise((r) => setTimeout(r, 200));
  assert.equal((await drain(agent.channels.get('c1')!)).length, 0, 'no rotated file is read again');
  await agent.stop();
});

test('skipToEnd starts new files at their end; later lines are read', async () => {
  const dir = scratchDir();
  writeFileSync(join(dir, 'access.log'), text(numbered(0, 10)));
  const agent = taildirAgent(dir, 'a1.sources.r1.skipToEnd = true');
  await agent.start();
  appendFileSync(join(dir, 'access.log'), 'fresh\n');
  assert.deepEqual(await collect(agent, [], 1), ['fresh']);
  await agent.stop();
});

test('headers.<group>.<key>, fileHeader and byteOffsetHeader', async () => {
  const dir = scratchDir();
  writeFileSync(join(dir, 'access.log'), 'ab\ncd\n');
  const agent = taildirAgent(dir, 'a1.sources.r1.headers.f1.app = web', 'a1.sources.r1.fileHeader = true', 'a1.sources.r1.byteOffsetHeader = true');
  await agent.start();
  const got: FlumeEvent[] = [];
  await collect(agent, got, 2);
  assert.deepEqual(got.map((e) => ({ ...e.headers })), [
    { app: 'web', file: join(dir, 'access.log'), byteoffset: '0' },
    { app: 'web', file: join(dir, 'access.log'), byteoffset: '3' },
  ]);
  await agent.stop();
});

test('a full channel makes the source wait and retry the same lines', async () => {
  const dir = scratchDir();
  writeFileSync(join(dir, 'access.log'), text(numbered(0, 25)));
  const agent = taildirAgent(dir, 'a1.channels.c1.capacity = 10', 'a1.channels.c1.transactionCapacity = 10', 'a1.channels.c1.keep-alive = 0', 'a1.sources.r1.batchSize = 10');
  await agent.start();
  assert.deepEqual(await collect(agent, [], 25), numbered(0, 25));
  await agent.stop();
});

test('a truncated file is read again from its start', async () => {
  const dir = scratchDir();
  const log = join(dir, 'access.log');
  writeFileSync(log, text(numbered(0, 10)));
  const agent = taildirAgent(dir);
  await agent.start();
  await collect(agent, [], 10);
  truncateSync(log, 0);
  writeFileSync(log, 'again\n');
  assert.deepEqual(await collect(agent, [], 1), ['again']);
  await agent.stop();
});

test('a file group path must be absolute; a broken position file names positionFile', () => {
  assert.throws(() => taildirAgent('relative/dir'), /a1\.sources\.r1\.filegroups\.f1: "relative\/dir\/access\.log" is not an absolute path/);
  const dir = scratchDir();
  writeFileSync(join(dir, 'position.json'), '{not json');
  assert.throws(() => taildirAgent(dir), /a1\.sources\.r1\.positionFile: .*position\.json is not valid JSON/);
});
