import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { agentFrom, bodies, captureLogger, drain, props, scratchDir } from '../helpers.js';
import { waitFor } from '../../helpers/wait-for.js';

function spoolAgent(dir: string, ...extra: string[]) {
  const log = captureLogger();
  const agent = agentFrom(
    props(
      'a1.sources = r1',
      'a1.channels = c1',
      'a1.sources.r1.type = spooldir',
      `a1.sources.r1.spoolDir = ${dir}`,
      'a1.sources.r1.pollDelay = 50',
      'a1.sources.r1.channels = c1',
      'a1.channels.c1.type = memory',
      'a1.channels.c1.capacity = 10000',
      ...extra,
    ),
    'a1',
    log.logger,
  );
  return { agent, log };
}

function spoolDir(files: Record<string, string>): string {
  const dir = join(scratchDir(), 'spool');
  mkdirSync(dir);
  let t = 1_600_000_000;
  for (const [name, text] of Object.entries(files)) {
    writeFileSync(join(dir, name), text);
    utimesSync(join(dir, name), t, t);
    t += 10;
  }
  return dir;
}

test('files are read oldest first, every line an event, then renamed with fileSuffix', async () => {
  const dir = spoolDir({ 'b.log': 'b1\nb2\n', 'a.log': 'a1\na2\na3' });
  const { agent } = spoolAgent(dir);
  await agent.start();
  await waitFor('both files done', () => readdirSync(dir).filter((f) => f.endsWith('.COMPLETED')).length === 2);
  assert.deepEqual(bodies(await drain(agent.channels.get('c1')!)), ['b1', 'b2', 'a1', 'a2', 'a3']);
  assert.deepEqual(readdirSync(dir).filter((f) => !f.startsWith('.')).sort(), ['a.log.COMPLETED', 'b.log.COMPLETED']);
  await agent.stop();
});

test('consumeOrder youngest, deletePolicy immediate, ignorePattern and hidden files', async () => {
  const dir = spoolDir({ 'old.log': 'old\n', 'new.log': 'new\n', 'skip.tmp': 'no\n', '.hidden': 'no\n' });
  const { agent } = spoolAgent(dir, 'a1.sources.r1.consumeOrder = youngest', 'a1.sources.r1.deletePolicy = immediate', 'a1.sources.r1.ignorePattern = ^.*\\.tmp$');
  await agent.start();
  await waitFor('two files deleted', () => !existsSync(join(dir, 'old.log')) && !existsSync(join(dir, 'new.log')));
  assert.deepEqual(bodies(await drain(agent.channels.get('c1')!)), ['new', 'old']);
  assert.ok(existsSync(join(dir, 'skip.tmp')) && existsSync(join(dir, '.hidden')));
  await agent.stop();
});

test('fileHeader and basenameHeader carry where each line came from', async () => {
  const dir = spoolDir({ 'x.log': 'line\n' });
  const { agent } = spoolAgent(dir, 'a1.sources.r1.fileHeader = true', 'a1.sources.r1.basenameHeader = true', 'a1.sources.r1.basenameHeaderKey = name');
  await agent.start();
  await waitFor('the line', () => agent.channels.get('c1')!.size() === 1);
  const [e] = await drain(agent.channels.get('c1')!);
  assert.deepEqual({ ...e!.headers }, { file: join(dir, 'x.log'), name: 'x.log' });
  await agent.stop();
});

test('a full channel makes the source wait and retry: nothing is skipped', async () => {
  const lines = Array.from({ length: 35 }, (_, i) => `line-${i}`);
  const dir = spoolDir({ 'big.log': lines.join('\n') + '\n' });
  const { agent } = spoolAgent(dir, 'a1.channels.c1.capacity = 10', 'a1.channels.c1.transactionCapacity = 10', 'a1.channels.c1.keep-alive = 0', 'a1.sources.r1.batchSize = 10');
  await agent.start();
  const c1 = agent.channels.get('c1')!;
  const got: string[] = [];
  await waitFor('all 35 lines, draining as the channel fills', async () => {
    got.push(...bodies(await drain(c1)));
    return got.length >= 35;
  }, { timeoutMs: 20_000 });
  assert.deepEqual(got, lines);
  await agent.stop();
});

test('after a restart the source resumes the current file where its last commit left it', async () => {
  const lines = Array.from({ length: 30 }, (_, i) => `line-${i}`);
  const dir = spoolDir({ 'big.log': lines.join('\n') + '\n' });
  const first = spoolAgent(dir, 'a1.channels.c1.capacity = 10', 'a1.channels.c1.transactionCapacity = 10', 'a1.channels.c1.keep-alive = 0', 'a1.sources.r1.batchSize = 10');
  await first.agent.start();
  await waitFor('the first batch', () => first.agent.channels.get('c1')!.size() === 10);
  await first.agent.stop();
  const tracker = JSON.parse(readFileSync(join(dir, '.flumespool', '.flumespool-main.meta'), 'utf8')) as { file: string; pos: number };
  assert.deepEqual(tracker, { file: join(dir, 'big.log'), pos: lines.slice(0, 10).join('\n').length + 1 });
  const second = spoolAgent(dir);
  await second.agent.start();
  await waitFor('the file done', () => existsSync(join(dir, 'big.log.COMPLETED')));
  assert.deepEqual(bodies(await drain(second.agent.channels.get('c1')!)), lines.slice(10));
  await second.agent.stop();
});

test('a reused file name is an error, and the file is not read twice', async () => {
  const dir = spoolDir({ 'a.log.COMPLETED': 'old\n', 'a.log': 'new\n' });
  const { agent, log } = spoolAgent(dir);
  await agent.start();
  await waitFor('the error', () => log.records().some((r) => typeof r.msg === 'string' && (r.msg as string).includes('file name has been re-used')));
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(bodies(await drain(agent.channels.get('c1')!)), ['new']);
  await agent.stop();
});

test('a spoolDir that does not exist is a configuration error', () => {
  assert.throws(() => spoolAgent('/no/such/spool'), /a1\.sources\.r1\.spoolDir: \/no\/such\/spool is not a directory/);
});
