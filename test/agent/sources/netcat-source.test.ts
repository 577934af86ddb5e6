import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { test } from 'node:test';
import type { NetcatSource } from '../../../src/agent/sources/netcat-source.js';
import { agentFrom, bodies, drain, props } from '../helpers.js';
import { waitFor } from '../../helpers/wait-for.js';

function netcatAgent(...extra: string[]) {
  return agentFrom(
    props(
      'a1.sources = r1',
      'a1.channels = c1',
      'a1.sources.r1.type = netcat',
      'a1.sources.r1.bind = 127.0.0.1',
      'a1.sources.r1.port = 0',
      'a1.sources.r1.channels = c1',
      'a1.channels.c1.type = memory',
      ...extra,
    ),
  );
}

/** Sends text like telnet would and collects every reply until `replies` lines came back. */
async function talk(port: number, text: string, replies: number): Promise<string[]> {
  const socket = connect(port, '127.0.0.1');
  let got = '';
  socket.on('data', (d: Buffer) => (got += d.toString()));
  socket.write(text);
  await waitFor(`${replies} replies`, () => got.split('\n').length > replies);
  socket.destroy();
  return got.split('\n').slice(0, replies);
}

test('each line becomes an event and is answered OK; the line ending is not part of the body', async () => {
  const agent = netcatAgent();
  await agent.start();
  const port = (agent.sources.get('r1') as NetcatSource).port;
  assert.deepEqual(await talk(port, 'hello\nhellomy\r\n', 2), ['OK', 'OK']);
  assert.deepEqual(bodies(await drain(agent.channels.get('c1')!)), ['hello', 'hellomy\r']);
  await agent.stop();
});

test('a line over max-line-length (bytes, newline included) is refused with FAILED and skipped', async () => {
  const agent = netcatAgent('a1.sources.r1.max-line-length = 8');
  await agent.start();
  const port = (agent.sources.get('r1') as NetcatSource).port;
  assert.deepEqual(await talk(port, '1234567\n12345678\nnext\n', 3), ['OK', 'FAILED: Event exceeds the maximum length (8 chars, including newline)', 'OK']);
  assert.deepEqual(bodies(await drain(agent.channels.get('c1')!)), ['1234567', 'next']);
  await agent.stop();
});

test('with ack-every-event=false nothing is answered for stored lines', async () => {
  const agent = netcatAgent('a1.sources.r1.ack-every-event = false');
  await agent.start();
  const port = (agent.sources.get('r1') as NetcatSource).port;
  const socket = connect(port, '127.0.0.1');
  let got = '';
  socket.on('data', (d: Buffer) => (got += d.toString()));
  socket.write('a\nb\n');
  await waitFor('both lines stored', () => agent.channels.get('c1')!.size() === 2);
  await new Promise((r) => setTimeout(r, 100));
  socket.destroy();
  assert.equal(got, '');
  await agent.stop();
});

test('a full channel is reported to the sender as FAILED, and the sender may resend', async () => {
  const agent = netcatAgent('a1.channels.c1.capacity = 1', 'a1.channels.c1.transactionCapacity = 1', 'a1.channels.c1.keep-alive = 0');
  await agent.start();
  const port = (agent.sources.get('r1') as NetcatSource).port;
  const replies = await talk(port, 'first\nsecond\n', 2);
  assert.equal(replies[0], 'OK');
  assert.match(replies[1]!, /^FAILED: channel c1 is full/);
  assert.deepEqual(bodies(await drain(agent.channels.get('c1')!)), ['first']);
  assert.deepEqual(await talk(port, 'second\n', 1), ['OK']);
  await agent.stop();
});

test('a port already in use stops the agent from starting, naming the port key', async () => {
  const first = netcatAgent();
  await first.start();
  const port = (first.sources.get('r1') as NetcatSource).port;
  const second = agentFrom(
    props('a1.sources = r1', 'a1.channels = c1', 'a1.sources.r1.type = netcat', 'a1.sources.r1.bind = 127.0.0.1', `a1.sources.r1.port = ${port}`, 'a1.sources.r1.channels = c1', 'a1.channels.c1.type = memory'),
  );
  await assert.rejects(second.start(), /netcat source r1 cannot listen on 127\.0\.0\.1:\d+ \(EADDRINUSE\); free the port or change a1\.sources\.r1\.port/);
  await first.stop();
});
