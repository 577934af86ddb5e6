import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CLI, freePort, inProcessBroker, REPO_ROOT } from '../helpers/broker.js';
import { fetchAll } from '../helpers/fetch-all.js';
import { run } from '../helpers/exec.js';
import { spawnAgent } from '../agent/agent-process.js';
import { spawnCli } from '../helpers/child-process.js';
import { scratchDir } from '../agent/helpers.js';

const SEED_NETCAT = readFileSync(join(REPO_ROOT, 'examples/flume/netcat-memory-logger.conf'), 'utf8');

function confFile(text: string): string {
  const f = join(scratchDir(), 'agent.conf');
  writeFileSync(f, text);
  return f;
}

async function agentExit(text: string, name = 'a1'): Promise<{ code: number | null; stderr: string }> {
  const r = await run(process.execPath, [CLI, 'agent', '--conf-file', confFile(text), '--name', name], { timeoutMs: 15_000 });
  return { code: r.code, stderr: r.stderr };
}

const swap = (from: RegExp, to: string) => SEED_NETCAT.replace(from, to);

const BAD_CONFIGS: Array<[string, string, string, RegExp]> = [
  ['an unknown type', swap(/a1\.sources\.r1\.type = netcat/, 'a1.sources.r1.type = netkat'), 'a1', /a1\.sources\.r1\.type: unknown source type "netkat"/],
  ['a missing required property', swap(/a1\.sources\.r1\.port = 44444\n/, ''), 'a1', /a1\.sources\.r1\.port: missing; the netcat source requires it/],
  ['a sink with no channel', swap(/a1\.sinks\.k1\.channel = c1\n/, ''), 'a1', /a1\.sinks\.k1\.channel: missing; sink k1 must name exactly one channel/],
  ['a channel nobody uses', swap(/a1\.channels = c1/, 'a1.channels = c1 c2\na1.channels.c2.type = memory'), 'a1', /a1\.channels\.c2: no source or sink uses channel c2/],
  ['a bad number', swap(/capacity = 1000/, 'capacity = 1,000'), 'a1', /a1\.channels\.c1\.capacity: "1,000" is not a whole number/],
  ['an agent name not in the file', SEED_NETCAT, 'agent', /--name: no agent "agent" in .*agent\.conf .*; it defines a1/],
  ['a batch over transactionCapacity', swap(/transactionCapacity = 100/, 'transactionCapacity = 10').replace('a1.sinks.k1.type = logger', 'a1.sinks.k1.type = null'), 'a1', /a1\.sinks\.k1\.batchSize: 100 \(the default\) exceeds channel c1's transactionCapacity of 10/],
];

for (const [what, text, name, message] of BAD_CONFIGS) {
  test(`${what}: exit code 2 and a message naming the key`, async () => {
    const { code, stderr } = await agentExit(text, name);
    assert.equal(code, 2, stderr);
    assert.match(stderr, message);
    assert.equal(stderr.trim().split('\n').length, 1, 'one line, no stack trace');
  });
}

test('an unreadable --conf-file exits 2 too', async () => {
  const r = await run(process.execPath, [CLI, 'agent', '--conf-file', '/no/such/file.conf', '--name', 'a1'], { timeoutMs: 15_000 });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--conf-file \/no\/such\/file\.conf: cannot read it \(ENOENT\)/);
});

test('a port in use exits 1: the configuration was fine, the machine was not', async (t) => {
  const port = await freePort();
  const text = SEED_NETCAT.replaceAll('localhost', '127.0.0.1').replaceAll('44444', String(port));
  const first = await spawnAgent(confFile(text), 'a1');
  t.after(() => first.stop('SIGKILL'));
  const second = await agentExit(text);
  assert.equal(second.code, 1);
  assert.match(second.stderr, /cannot listen on 127\.0\.0\.1:\d+ \(EADDRINUSE\)/);
  assert.equal(await first.stop(), 0, 'SIGTERM stops the agent cleanly');
});

test('flume-ng’s -c and -Dflume.root.logger are accepted; the logger level follows -D', async (t) => {
  const port = await freePort();
  const text = SEED_NETCAT.replaceAll('localhost', '127.0.0.1').replaceAll('44444', String(port));
  const args = ['agent', '--conf-file', confFile(text), '--name', 'a1', '-c', '/etc/flume/conf', '-Dflume.root.logger=INFO,console'];
  const agent = await spawnCli(args, { logLevel: 'error', ready: /"msg":"agent a1 started"/, timeoutMs: 15_000 });
  t.after(() => agent.stop('SIGKILL'));
  assert.equal(await agent.stop(), 0);
});

test('the seed’s two agents, exec → avro sink and avro source → logger, deliver every line', async (t) => {
  const dir = scratchDir();
  const port = String(await freePort());
  const dataLog = join(dir, 'data.log');
  writeFileSync(dataLog, '');
  const hostAndPaths = (file: string) =>
    readFileSync(join(REPO_ROOT, 'examples/flume', file), 'utf8').replaceAll('localhost', '127.0.0.1').replaceAll('44444', port).replaceAll('/tmp/data.log', dataLog);
  const b = await spawnAgent(confFile(hostAndPaths('avro-memory-logger.conf')), 'a2');
  t.after(() => b.stop('SIGKILL'));
  const a = await spawnAgent(confFile(hostAndPaths('exec-memory-avro.conf')), 'a1');
  t.after(() => a.stop('SIGKILL'));
  const logged = () => b.logs().filter((r) => r.sink === 'logger-sink').map((r) => r.body as string);
  // tail -F may open the file a moment after the agent says it started; a probe line shows when it follows.
  for (let i = 0; !logged().includes('probe'); i++) {
    if (i % 40 === 0) appendFileSync(dataLog, 'probe\n');
    if (i > 400) throw new Error(`the probe line never arrived:\n${a.output()}\n${b.output()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  const lines = Array.from({ length: 1000 }, (_, i) => `welcome-${String(i).padStart(4, '0')}`);
  for (let i = 0; i < lines.length; i += 100) {
    appendFileSync(dataLog, lines.slice(i, i + 100).join('\n') + '\n');
    await new Promise((r) => setTimeout(r, 20));
  }
  await b.waitForLog(() => logged().filter((l) => l.startsWith('welcome-')).length >= 1000, { what: 'all 1000 lines', timeoutMs: 30_000 });
  assert.deepEqual(logged().filter((l) => l.startsWith('welcome-')), lines);
  assert.equal(await a.stop(), 0);
  assert.equal(await b.stop(), 0);
});

test('the seed’s Flume + Kafka set-up: exec → avro → avro-memory-kafka → topic test', async (t) => {
  const broker = await inProcessBroker();
  t.after(() => broker.stop());
  const dir = scratchDir();
  const port = String(await freePort());
  const dataLog = join(dir, 'data.log');
  writeFileSync(dataLog, '');
  const hostAndPaths = (file: string) =>
    readFileSync(join(REPO_ROOT, 'examples/flume', file), 'utf8')
      .replaceAll('localhost:9092', broker.bootstrap)
      .replaceAll('localhost', '127.0.0.1')
      .replaceAll('44444', port)
      .replaceAll('/tmp/data.log', dataLog);
  const b = await spawnAgent(confFile(hostAndPaths('avro-memory-kafka.conf')), 'avro-memory-kafka');
  t.after(() => b.stop('SIGKILL'));
  const a = await spawnAgent(confFile(hostAndPaths('exec-memory-avro.conf')), 'a1');
  t.after(() => a.stop('SIGKILL'));
  const inTopic = async () => (await fetchAll(broker.port, 'test').catch(() => ({ records: [] }))).records.map((r) => Buffer.from(r.value!).toString());
  for (let i = 0; !(await inTopic()).includes('probe'); i++) {
    if (i % 10 === 0) appendFileSync(dataLog, 'probe\n');
    if (i > 100) throw new Error(`the probe line never reached Kafka:\n${a.output()}\n${b.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const lines = Array.from({ length: 500 }, (_, i) => `welcome ${i}`);
  appendFileSync(dataLog, lines.join('\n') + '\n');
  let got: string[] = [];
  for (let i = 0; i < 150 && got.filter((l) => l.startsWith('welcome')).length < 500; i++) {
    await new Promise((r) => setTimeout(r, 100));
    got = await inTopic();
  }
  assert.deepEqual(got.filter((l) => l.startsWith('welcome')), lines);
  assert.equal(await a.stop(), 0);
  assert.equal(await b.stop(), 0);
});
