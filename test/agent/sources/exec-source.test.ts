import assert from 'node:assert/strict';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { ExecSource } from '../../../src/agent/sources/exec-source.js';
import { agentFrom, bodies, captureLogger, drain, props, scratchDir } from '../helpers.js';
import { waitFor } from '../../helpers/wait-for.js';

function execAgent(command: string, ...extra: string[]) {
  const log = captureLogger();
  const agent = agentFrom(
    props('a1.sources = r1', 'a1.channels = c1', 'a1.sources.r1.type = exec', `a1.sources.r1.command = ${command}`, 'a1.sources.r1.channels = c1', 'a1.channels.c1.type = memory', 'a1.channels.c1.capacity = 10000', ...extra),
    'a1',
    log.logger,
  );
  return { agent, log };
}

test('each line of the command’s output is an event, the last batch flushed when it exits', async () => {
  const { agent } = execAgent('seq 1 45');
  await agent.start();
  const c1 = agent.channels.get('c1')!;
  await waitFor('45 lines', () => c1.size() === 45);
  assert.deepEqual(bodies(await drain(c1)), Array.from({ length: 45 }, (_, i) => String(i + 1)));
  await agent.stop();
});

test('tail -F follows a file: lines appended later arrive within batchTimeout', async () => {
  const file = join(scratchDir(), 'data.log');
  writeFileSync(file, '');
  const { agent } = execAgent(`tail -F -n 0 ${file}`, 'a1.sources.r1.batchTimeout = 200');
  await agent.start();
  const c1 = agent.channels.get('c1')!;
  await new Promise((r) => setTimeout(r, 300));
  appendFileSync(file, 'hello\nwelcome\n');
  await waitFor('2 lines', () => c1.size() === 2);
  appendFileSync(file, 'third\n');
  await waitFor('3 lines', () => c1.size() === 3);
  assert.deepEqual(bodies(await drain(c1)), ['hello', 'welcome', 'third']);
  await agent.stop();
});

test('shell runs the command through a shell, so pipes work', async () => {
  const { agent } = execAgent('printf "a b\\nc d\\n" | tr " " "_"', 'a1.sources.r1.shell = /bin/sh -c');
  await agent.start();
  await waitFor('2 lines', () => agent.channels.get('c1')!.size() === 2);
  assert.deepEqual(bodies(await drain(agent.channels.get('c1')!)), ['a_b', 'c_d']);
  await agent.stop();
});

test('restart runs the command again after restartThrottle', async () => {
  const { agent } = execAgent('echo again', 'a1.sources.r1.restart = true', 'a1.sources.r1.restartThrottle = 50', 'a1.sources.r1.batchSize = 1');
  await agent.start();
  await waitFor('3 runs', () => agent.channels.get('c1')!.size() >= 3);
  await agent.stop();
});

test('stderr is dropped unless logStdErr, which logs it', async () => {
  const { agent, log } = execAgent('ls /no/such/dir', 'a1.sources.r1.logStdErr = true');
  await agent.start();
  await waitFor('the stderr line in the log', () => log.records().some((r) => typeof r.stderr === 'string' && (r.stderr as string).includes('/no/such/dir')));
  assert.equal(agent.channels.get('c1')!.size(), 0);
  await agent.stop();
});

test('when the channel stays full past keep-alive the batch is dropped and counted, as Flume documents', async () => {
  const { agent, log } = execAgent('seq 1 30', 'a1.channels.c1.capacity = 10', 'a1.channels.c1.transactionCapacity = 10', 'a1.channels.c1.keep-alive = 0', 'a1.sources.r1.batchSize = 10');
  await agent.start();
  const source = agent.sources.get('r1') as ExecSource;
  await waitFor('20 lines dropped', () => source.dropped === 20);
  assert.deepEqual(bodies(await drain(agent.channels.get('c1')!)), ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
  assert.ok(log.records().some((r) => typeof r.msg === 'string' && (r.msg as string).startsWith('exec source r1 dropped 10 lines')));
  await agent.stop();
});
