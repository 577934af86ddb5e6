import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { AgentConfigError } from '../../../src/agent/errors.js';
import { eventOf } from '../../../src/agent/event.js';
import { freePort } from '../../helpers/broker.js';
import { agentFrom, captureLogger, props, scratchDir } from '../helpers.js';
import { waitFor } from '../../helpers/wait-for.js';

/** Lines written so far by a file_roll sink into `dir`. */
function linesIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean));
}

function fileRoll(name: string, dir: string, batch = 100): string[] {
  return [`a1.sinks.${name}.type = file_roll`, `a1.sinks.${name}.sink.directory = ${dir}`, `a1.sinks.${name}.sink.rollInterval = 0`, `a1.sinks.${name}.batchSize = ${batch}`, `a1.sinks.${name}.channel = c1`];
}

function deadAvro(name: string, port: number): string[] {
  return [`a1.sinks.${name}.type = avro`, `a1.sinks.${name}.hostname = 127.0.0.1`, `a1.sinks.${name}.port = ${port}`, `a1.sinks.${name}.connect-timeout = 1000`, `a1.sinks.${name}.channel = c1`];
}

const events = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => eventOf(`${prefix}-${i}`));

test('failover: the highest-priority sink that works takes the events, and takes back over once it recovers', async () => {
  const dir = scratchDir();
  const port = await freePort();
  const log = captureLogger('warn');
  const agent = agentFrom(
    props(
      'a1.channels = c1',
      'a1.channels.c1.type = memory',
      'a1.sinks = k1 k2',
      ...deadAvro('k1', port),
      ...fileRoll('k2', join(dir, 'k2')),
      'a1.sinkgroups = g1',
      'a1.sinkgroups.g1.sinks = k1 k2',
      'a1.sinkgroups.g1.processor.type = failover',
      'a1.sinkgroups.g1.processor.priority.k1 = 10',
      'a1.sinkgroups.g1.processor.priority.k2 = 5',
      'a1.sinkgroups.g1.processor.maxpenalty = 300',
    ),
    'a1',
    log.logger,
  );
  await agent.start();
  await agent.channels.get('c1')!.put(events('first', 10));
  await waitFor('k2 to write the first 10 lines', () => linesIn(join(dir, 'k2')).length === 10);
  assert.ok(log.records().some((r) => r.msg === 'sink k1 failed and was sent to the failover list'));

  const receiver = agentFrom(
    props('a1.sources = r1', 'a1.channels = c1', 'a1.channels.c1.type = memory', 'a1.sources.r1.type = avro', 'a1.sources.r1.bind = 127.0.0.1', `a1.sources.r1.port = ${port}`, 'a1.sources.r1.channels = c1'),
  );
  await receiver.start();
  await new Promise((r) => setTimeout(r, 400));
  await agent.channels.get('c1')!.put(events('second', 10));
  const received = receiver.channels.get('c1')!;
  await waitFor('k1 to deliver the second 10 events', () => received.size() === 10);
  assert.equal(linesIn(join(dir, 'k2')).length, 10, 'k2 got nothing more once k1 was back');
  await agent.stop();
  await receiver.stop();
});

test('failover priorities must differ, and name sinks of the group', () => {
  const base = ['a1.channels = c1', 'a1.channels.c1.type = memory', 'a1.sinks = k1 k2', 'a1.sinks.k1.type = null', 'a1.sinks.k1.channel = c1', 'a1.sinks.k2.type = null', 'a1.sinks.k2.channel = c1', 'a1.sinkgroups = g1', 'a1.sinkgroups.g1.sinks = k1 k2', 'a1.sinkgroups.g1.processor.type = failover'];
  assert.throws(
    () => agentFrom(props(...base, 'a1.sinkgroups.g1.processor.priority.k1 = 5', 'a1.sinkgroups.g1.processor.priority.k2 = 5')),
    (e: unknown) => e instanceof AgentConfigError && e.key === 'a1.sinkgroups.g1.processor.priority.k2' && /also sink k1's priority/.test(e.message),
  );
  assert.throws(() => agentFrom(props(...base, 'a1.sinkgroups.g1.processor.priority.k7 = 5')), (e: unknown) => e instanceof AgentConfigError && e.key === 'a1.sinkgroups.g1.processor.priority.k7');
  assert.throws(() => agentFrom(props(...base.slice(0, -1))), (e: unknown) => e instanceof AgentConfigError && e.key === 'a1.sinkgroups.g1.processor.type');
});

test('load_balance round_robin hands successive batches to successive sinks', async () => {
  const dir = scratchDir();
  const agent = agentFrom(
    props(
      'a1.channels = c1',
      'a1.channels.c1.type = memory',
      'a1.sinks = k1 k2 k3',
      ...fileRoll('k1', join(dir, 'k1'), 1),
      ...fileRoll('k2', join(dir, 'k2'), 1),
      ...fileRoll('k3', join(dir, 'k3'), 1),
      'a1.sinkgroups = g1',
      'a1.sinkgroups.g1.sinks = k1 k2 k3',
      'a1.sinkgroups.g1.processor.type = load_balance',
    ),
  );
  await agent.channels.get('c1')!.start();
  await agent.channels.get('c1')!.put(events('e', 9));
  await agent.start();
  await waitFor('all 9 events written', () => ['k1', 'k2', 'k3'].reduce((n, k) => n + linesIn(join(dir, k)).length, 0) === 9);
  assert.deepEqual(linesIn(join(dir, 'k1')), ['e-0', 'e-3', 'e-6']);
  assert.deepEqual(linesIn(join(dir, 'k2')), ['e-1', 'e-4', 'e-7']);
  assert.deepEqual(linesIn(join(dir, 'k3')), ['e-2', 'e-5', 'e-8']);
  await agent.stop();
});

async function balanceAroundDeadSink(backoff: boolean): Promise<{ delivered: string[]; k1Failures: number }> {
  const dir = scratchDir();
  const port = await freePort();
  const log = captureLogger('warn');
  const agent = agentFrom(
    props(
      'a1.channels = c1',
      'a1.channels.c1.type = memory',
      'a1.sinks = k1 k2',
      ...deadAvro('k1', port),
      ...fileRoll('k2', join(dir, 'k2'), 1),
      'a1.sinkgroups = g1',
      'a1.sinkgroups.g1.sinks = k1 k2',
      'a1.sinkgroups.g1.processor.type = load_balance',
      `a1.sinkgroups.g1.processor.backoff = ${backoff}`,
    ),
    'a1',
    log.logger,
  );
  await agent.start();
  await agent.channels.get('c1')!.put(events('e', 10));
  await waitFor('all 10 events written by k2', () => linesIn(join(dir, 'k2')).length === 10);
  await agent.stop();
  return { delivered: linesIn(join(dir, 'k2')), k1Failures: log.records().filter((r) => r.sink === 'k1').length };
}

test('load_balance: a failing sink’s batches go to the next sink; with backoff it sits out instead of failing every turn', async () => {
  const plain = await balanceAroundDeadSink(false);
  assert.deepEqual(plain.delivered, events('e', 10).map((e) => e.body.toString()));
  assert.ok(plain.k1Failures >= 4, `without backoff k1 is tried on its every turn (${plain.k1Failures} failures)`);
  const backedOff = await balanceAroundDeadSink(true);
  assert.equal(backedOff.delivered.length, 10);
  assert.equal(backedOff.k1Failures, 1, 'with backoff k1 is not tried again within its 2 s time-out');
});

test('load_balance random uses every sink and loses nothing', async () => {
  const dir = scratchDir();
  const agent = agentFrom(
    props(
      'a1.channels = c1',
      'a1.channels.c1.type = memory',
      'a1.sinks = k1 k2',
      ...fileRoll('k1', join(dir, 'k1'), 1),
      ...fileRoll('k2', join(dir, 'k2'), 1),
      'a1.sinkgroups = g1',
      'a1.sinkgroups.g1.sinks = k1 k2',
      'a1.sinkgroups.g1.processor.type = load_balance',
      'a1.sinkgroups.g1.processor.selector = random',
    ),
  );
  await agent.start();
  await agent.channels.get('c1')!.put(events('e', 40));
  await waitFor('all 40 events written', () => linesIn(join(dir, 'k1')).length + linesIn(join(dir, 'k2')).length === 40);
  assert.ok(linesIn(join(dir, 'k1')).length > 0 && linesIn(join(dir, 'k2')).length > 0);
  assert.deepEqual([...linesIn(join(dir, 'k1')), ...linesIn(join(dir, 'k2'))].sort(), events('e', 40).map((e) => e.body.toString()).sort());
  await agent.stop();
});
