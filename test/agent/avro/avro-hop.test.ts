import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { connect, createServer, type AddressInfo } from 'node:net';
import { test } from 'node:test';
import type { AvroSource } from '../../../src/agent/sources/avro-source.js';
import { PROTOCOL_TEXT } from '../../../src/agent/avro/flume-protocol.js';
import { AvroRpcClient } from '../../../src/agent/avro/rpc-client.js';
import { eventOf, newHeaders } from '../../../src/agent/event.js';
import { agentFrom, bodies, drain, props } from '../helpers.js';
import { waitFor } from '../../helpers/wait-for.js';

function receiver(...extra: string[]) {
  return agentFrom(
    props('a2.sources = r1', 'a2.channels = c1', 'a2.sources.r1.type = avro', 'a2.sources.r1.bind = 127.0.0.1', 'a2.sources.r1.port = 0', 'a2.sources.r1.channels = c1', 'a2.channels.c1.type = memory', 'a2.channels.c1.capacity = 100000', 'a2.channels.c1.transactionCapacity = 1000', ...extra),
    'a2',
  );
}

function sender(port: number) {
  return agentFrom(
    props('a1.channels = c1', 'a1.sinks = k1', 'a1.channels.c1.type = memory', 'a1.channels.c1.capacity = 100000', 'a1.channels.c1.transactionCapacity = 1000', 'a1.sinks.k1.type = avro', 'a1.sinks.k1.hostname = 127.0.0.1', `a1.sinks.k1.port = ${port}`, 'a1.sinks.k1.batch-size = 100', 'a1.sinks.k1.channel = c1'),
  );
}

test('avro sink → avro source delivers every event with its headers, in order', async () => {
  const b = receiver();
  await b.start();
  const a = sender((b.sources.get('r1') as AvroSource).port);
  await a.start();
  const sent = Array.from({ length: 1000 }, (_, i) => eventOf(`line ${i} \u4e2d`, Object.assign(newHeaders(), { n: String(i), host: 'A' })));
  for (let i = 0; i < sent.length; i += 250) await a.channels.get('c1')!.put(sent.slice(i, i + 250));
  const c1 = b.channels.get('c1')!;
  await waitFor('1000 events at the receiver', () => c1.size() === 1000);
  const got = await drain(c1, 1000);
  assert.deepEqual(bodies(got), bodies(sent));
  assert.deepEqual({ ...got[999]!.headers }, { n: '999', host: 'A' });
  await a.stop();
  await b.stop();
});

test('a receiver whose channel is full answers FAILED; the sender keeps the batch and delivers it later', async () => {
  const b = receiver('a2.channels.c1.capacity = 5', 'a2.channels.c1.transactionCapacity = 5', 'a2.channels.c1.keep-alive = 0');
  await b.start();
  const client = new AvroRpcClient({ host: '127.0.0.1', port: (b.sources.get('r1') as AvroSource).port, connectTimeoutMs: 1000, requestTimeoutMs: 1000 });
  assert.equal(await client.appendBatch([eventOf('1'), eventOf('2'), eventOf('3')]), 'OK');
  assert.equal(await client.appendBatch([eventOf('4'), eventOf('5'), eventOf('6')]), 'FAILED');
  assert.deepEqual(bodies(await drain(b.channels.get('c1')!)), ['1', '2', '3']);
  assert.equal(await client.appendBatch([eventOf('4'), eventOf('5'), eventOf('6')]), 'OK');
  client.close();
  await b.stop();
});

test('the sink reconnects when the receiver restarts, and nothing is lost meanwhile', async () => {
  let b = receiver();
  await b.start();
  const port = (b.sources.get('r1') as AvroSource).port;
  const a = sender(port);
  await a.start();
  await a.channels.get('c1')!.put([eventOf('before')]);
  await waitFor('the first event', () => b.channels.get('c1')!.size() === 1);
  await b.stop();
  await a.channels.get('c1')!.put([eventOf('during')]);
  await new Promise((r) => setTimeout(r, 300));
  b = receiver(`a2.sources.r1.port = ${port}`);
  await b.start();
  await waitFor('the event sent while the receiver was down', () => b.channels.get('c1')!.size() === 1, { timeoutMs: 15_000 });
  assert.deepEqual(bodies(await drain(b.channels.get('c1')!)), ['during']);
  await a.stop();
  await b.stop();
});

/**
 * avsc, a separate Avro implementation whose socket transport speaks the same
 * Netty framing and handshake as Java's NettyTransceiver, checks our wire
 * format from the other side. It is installed as a dependency of
 * @platformatic/kafka, not of streamdash, so the test says so if it is gone.
 */
const avsc = (() => {
  try {
    return createRequire(import.meta.url)('avsc') as typeof import('avsc');
  } catch {
    return undefined;
  }
})();
const noAvsc = avsc ? false : 'avsc (pulled in by @platformatic/kafka) is not installed, so there is no independent Avro RPC peer to check against';

test('an independent Avro RPC client (avsc over Netty framing) can appendBatch to our avro source', { skip: noAvsc }, async () => {
  const b = receiver();
  await b.start();
  const service = avsc!.Service.forProtocol(JSON.parse(PROTOCOL_TEXT));
  const socket = connect((b.sources.get('r1') as AvroSource).port, '127.0.0.1');
  const client = service.createClient();
  // avsc pings with a handshake when the channel opens, and sends calls only once that is answered.
  const handshake = new Promise<string>((resolve) => client.on('channel', (ch: import('node:events').EventEmitter) => ch.once('handshake', (_req: unknown, res: { match: string }) => resolve(res.match))));
  client.createChannel(socket);
  assert.equal(await handshake, 'BOTH', 'avsc computes the same protocol hash as ours');
  const status = await new Promise((resolve, reject) =>
    client.emitMessage('appendBatch', { events: [{ headers: { k: 'v' }, body: Buffer.from('from avsc') }] }, {}, (err: unknown, res: unknown) => (err ? reject(err) : resolve(res))),
  );
  assert.equal(status, 'OK');
  const [e] = await drain(b.channels.get('c1')!);
  assert.equal(e!.body.toString(), 'from avsc');
  assert.deepEqual({ ...e!.headers }, { k: 'v' });
  client.destroyChannels({ noWait: true });
  socket.destroy();
  await b.stop();
});

test('our avro sink’s client can appendBatch to an independent Avro RPC server (avsc)', { skip: noAvsc }, async () => {
  const service = avsc!.Service.forProtocol(JSON.parse(PROTOCOL_TEXT));
  const received: Array<{ headers: Record<string, string>; body: Buffer }> = [];
  const server = service.createServer().onMessage('appendBatch', (req: { events: Array<{ headers: Record<string, string>; body: Buffer }> }, cb: (err: unknown, res?: string) => void) => {
    received.push(...req.events);
    cb(null, 'OK');
  });
  const tcp = createServer((socket) => server.createChannel(socket));
  await new Promise<void>((r) => tcp.listen(0, '127.0.0.1', r));
  const client = new AvroRpcClient({ host: '127.0.0.1', port: (tcp.address() as AddressInfo).port, connectTimeoutMs: 1000, requestTimeoutMs: 2000 });
  assert.equal(await client.appendBatch([eventOf('one', Object.assign(newHeaders(), { a: 'b' })), eventOf('two')]), 'OK');
  assert.equal(await client.appendBatch([eventOf('three')]), 'OK', 'second call on the same connection, without a handshake');
  assert.deepEqual(received.map((e) => e.body.toString()), ['one', 'two', 'three']);
  assert.deepEqual(received[0]!.headers, { a: 'b' });
  client.close();
  await new Promise((r) => tcp.close(r));
});
