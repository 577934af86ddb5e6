import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Agent } from '../../../src/agent/agent.js';
import { MemoryChannel } from '../../../src/agent/channels/memory-channel.js';
import { readAgentConfig } from '../../../src/agent/config/agent-config.js';
import { AgentConfigError } from '../../../src/agent/errors.js';
import { agentFrom, captureLogger, props } from '../helpers.js';

const GOOD = [
  'a1.sources = r1',
  'a1.sinks = k1',
  'a1.channels = c1',
  'a1.sources.r1.type = netcat',
  'a1.sources.r1.bind = 127.0.0.1',
  'a1.sources.r1.port = 0',
  'a1.sinks.k1.type = logger',
  'a1.channels.c1.type = memory',
  'a1.channels.c1.capacity = 1000',
  'a1.channels.c1.transactionCapacity = 100',
  'a1.sources.r1.channels = c1',
  'a1.sinks.k1.channel = c1',
];

function rejects(lines: string[], key: string, message: RegExp, name = 'a1', env: NodeJS.ProcessEnv = {}): void {
  assert.throws(
    () => Agent.fromProperties(props(...lines), name, { env }),
    (err: unknown) => {
      assert.ok(err instanceof AgentConfigError, `expected AgentConfigError, got ${String(err)}`);
      assert.equal(err.key, key);
      assert.match(err.message, message);
      assert.ok(err.message.startsWith(`${key}: `), err.message);
      return true;
    },
  );
}

const without = (prefix: string) => GOOD.filter((l) => !l.startsWith(prefix));

test('the seed’s netcat → memory → logger file builds, with Flume’s values', () => {
  const agent = agentFrom(props(...GOOD));
  assert.deepEqual([...agent.sources.keys()], ['r1']);
  const c1 = agent.channels.get('c1');
  assert.ok(c1 instanceof MemoryChannel);
  assert.equal(c1.transactionCapacity, 100);
  assert.equal(agent.sinks.get('k1')!.channel, c1);
});

test('an unknown type names the type key and lists the known ones', () => {
  rejects([...without('a1.sources.r1.type'), 'a1.sources.r1.type = netkat'], 'a1.sources.r1.type', /unknown source type "netkat"; use one of netcat, exec, spooldir, TAILDIR, http, avro/);
  rejects([...without('a1.channels.c1.type'), 'a1.channels.c1.type = jdbc'], 'a1.channels.c1.type', /unknown channel type "jdbc"/);
  rejects([...without('a1.sinks.k1.type'), 'a1.sinks.k1.type = hdfs'], 'a1.sinks.k1.type', /unknown sink type "hdfs"/);
});

test('a missing type or required property names it', () => {
  rejects(without('a1.sinks.k1.type'), 'a1.sinks.k1.type', /missing; every sink requires it/);
  rejects(without('a1.sources.r1.port'), 'a1.sources.r1.port', /missing; the netcat source requires it/);
});

test('a sink with no channel, or with two', () => {
  rejects(without('a1.sinks.k1.channel'), 'a1.sinks.k1.channel', /missing; sink k1 must name exactly one channel/);
  rejects([...without('a1.sinks.k1.channel'), 'a1.sinks.k1.channel = c1 c1'], 'a1.sinks.k1.channel', /names 2 channels; a sink takes from exactly one/);
});

test('a channel nobody uses, and a channel that is not listed', () => {
  rejects([...without('a1.channels ='), 'a1.channels = c1 c2', 'a1.channels.c2.type = memory'], 'a1.channels.c2', /no source or sink uses channel c2/);
  rejects([...without('a1.sources.r1.channels'), 'a1.sources.r1.channels = c9'], 'a1.sources.r1.channels', /"c9" is not listed in a1.channels/);
});

test('a bad number names the key and the value', () => {
  rejects([...without('a1.channels.c1.capacity'), 'a1.channels.c1.capacity = 1k'], 'a1.channels.c1.capacity', /"1k" is not a whole number/);
  rejects([...without('a1.sources.r1.port'), 'a1.sources.r1.port = 70000'], 'a1.sources.r1.port', /70000 is out of range/);
  rejects([...GOOD, 'a1.sources.r1.ack-every-event = yes'], 'a1.sources.r1.ack-every-event', /"yes" is not true or false/);
});

test('an agent name that is not in the file says which agents it defines', () => {
  rejects(GOOD, '--name', /no agent "a3" in the configuration file \(no key starts with "a3\."\); it defines a1/, 'a3');
});

test('a batch larger than the channel’s transactionCapacity is refused at start-up, naming the batch key', () => {
  const exec = ['a1.sources.r1.type = exec', 'a1.sources.r1.command = true', 'a1.sources.r1.batchSize = 500'];
  rejects([...without('a1.sources.r1.'), ...exec, 'a1.sources.r1.channels = c1'], 'a1.sources.r1.batchSize', /500 exceeds channel c1's transactionCapacity of 100/);
  const smallChannel = GOOD.filter((l) => !l.startsWith('a1.sinks.k1.type') && !l.startsWith('a1.channels.c1.transactionCapacity'));
  rejects([...smallChannel, 'a1.sinks.k1.type = null', 'a1.channels.c1.transactionCapacity = 10'], 'a1.sinks.k1.batchSize', /100 \(the default\) exceeds channel c1's transactionCapacity of 10/);
  rejects([...without('a1.channels.c1.transactionCapacity'), 'a1.channels.c1.transactionCapacity = 2000'], 'a1.channels.c1.transactionCapacity', /2000 is higher than capacity 1000/);
});

test('values take ${env:NAME}; an unset variable and a substituted key are errors', () => {
  const agent = Agent.fromProperties(props(...without('a1.sources.r1.port'), 'a1.sources.r1.port = ${env:NC_PORT}'), 'a1', { env: { NC_PORT: '0' } });
  assert.ok(agent.sources.get('r1'));
  rejects([...without('a1.sources.r1.port'), 'a1.sources.r1.port = ${env:NC_PORT}'], 'a1.sources.r1.port', /\$\{env:NC_PORT\} is used but NC_PORT is not set/);
  // Java's properties syntax ends a key at its first colon, so that is the key Flume would see too.
  rejects([...GOOD, 'a1.sources.${env:X}.type = netcat'], 'a1.sources.${env', /\(line 13\) keys may not use \$\{…\} substitution/);
});

test('one file may define several agents; each reads only its own keys', () => {
  const text = props(...GOOD, ...GOOD.map((l) => l.replace(/^a1\./, 'a2.').replace('netcat', 'http')));
  assert.equal(agentFrom(text, 'a1').sources.get('r1')!.type, 'netcat');
  assert.equal(agentFrom(text, 'a2').sources.get('r1')!.type, 'http');
});

test('keys of unlisted components and unknown properties are warned about, as Flume ignores them', () => {
  const { logger, records } = captureLogger('warn');
  agentFrom(props(...GOOD, 'a1.sinks.k9.type = logger', 'a1.channels.c1.capasity = 5'), 'a1', logger);
  const msgs = records().map((r) => r.msg as string);
  assert.ok(msgs.some((m) => m.includes('a1.sinks.k9.type is ignored: k9 is not listed in a1.sinks')), msgs.join('\n'));
  assert.ok(msgs.some((m) => m.includes('a1.channels.c1.capasity is not a property this agent reads')), msgs.join('\n'));
});

test('type names match Flume’s: any case for short names, and Java class names', () => {
  const cfg = readAgentConfig(props(...without('a1.channels.c1.type'), 'a1.channels.c1.type = org.apache.flume.channel.MemoryChannel'), 'a1');
  assert.equal(cfg.channels[0]!.name, 'c1');
  const agent = agentFrom(props(...without('a1.channels.c1.type').map((l) => l.replace('type = netcat', 'type = NETCAT')), 'a1.channels.c1.type = org.apache.flume.channel.MemoryChannel'));
  assert.equal(agent.sources.get('r1')!.type, 'netcat');
  assert.ok(agent.channels.get('c1') instanceof MemoryChannel);
});
