import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { test } from 'node:test';
import { AvroReader, AvroWriter } from '../../../src/agent/avro/binary.js';
import {
  PROTOCOL_HASH,
  PROTOCOL_TEXT,
  readHandshakeResponse,
  readStatusResponse,
  writeAppendBatchCall,
  writeHandshakeRequest,
} from '../../../src/agent/avro/flume-protocol.js';
import { encodeFrame, FrameDecoder } from '../../../src/agent/avro/netty-frame.js';
import type { AvroSource } from '../../../src/agent/sources/avro-source.js';
import { eventOf } from '../../../src/agent/event.js';
import { agentFrom, bodies, drain, props } from '../helpers.js';

test('Avro longs: zig-zag varints, exact while |n| < 2^52', () => {
  const values = [0, -1, 1, 63, -64, 64, 300, -300, 2 ** 31, -(2 ** 31) - 1, 2 ** 52 - 1, -(2 ** 52) + 1];
  const w = new AvroWriter();
  for (const v of values) w.long(v);
  const buf = w.toBuffer();
  assert.deepEqual([...buf.subarray(0, 5)], [0x00, 0x01, 0x02, 0x7e, 0x7f]);
  const r = new AvroReader(buf);
  assert.deepEqual(values.map(() => r.long()), values);
  assert.ok(r.done);
});

test('frames split across chunks are reassembled, several in one chunk are separated', () => {
  const a = encodeFrame(1, Buffer.from('hello'));
  const b = encodeFrame(2, Buffer.from('world!'));
  const d = new FrameDecoder();
  const all = Buffer.concat([a, b]);
  assert.deepEqual(d.push(all.subarray(0, 3)), []);
  assert.deepEqual(d.push(all.subarray(3, 16)), [], 'the first frame is 17 bytes');
  assert.deepEqual(d.push(all.subarray(16, 20)), [{ serial: 1, payload: Buffer.from('hello') }]);
  assert.deepEqual(d.push(all.subarray(20)), [{ serial: 2, payload: Buffer.from('world!') }]);
  assert.deepEqual(new FrameDecoder().push(all), [
    { serial: 1, payload: Buffer.from('hello') },
    { serial: 2, payload: Buffer.from('world!') },
  ]);
});

function rpc(socket: Socket, decoder: FrameDecoder, serial: number, payload: Buffer): Promise<Buffer> {
  return new Promise((resolve) => {
    const onData = (chunk: Buffer) => {
      const f = decoder.push(chunk).find((x) => x.serial === serial);
      if (f) {
        socket.off('data', onData);
        resolve(f.payload);
      }
    };
    socket.on('data', onData);
    socket.write(encodeFrame(serial, payload));
  });
}

test('as with a Java client: an unknown protocol hash gets NONE and our protocol; resent with its text, the call goes through', async () => {
  const agent = agentFrom(props('a2.sources = r1', 'a2.channels = c1', 'a2.sources.r1.type = avro', 'a2.sources.r1.bind = 127.0.0.1', 'a2.sources.r1.port = 0', 'a2.sources.r1.channels = c1', 'a2.channels.c1.type = memory'), 'a2');
  await agent.start();
  const socket = connect((agent.sources.get('r1') as AvroSource).port, '127.0.0.1');
  const decoder = new FrameDecoder();
  const clientHash = randomBytes(16);
  const guessedServerHash = randomBytes(16);

  const first = new AvroWriter();
  writeHandshakeRequest(first, { clientHash, clientProtocol: null, serverHash: guessedServerHash });
  writeAppendBatchCall(first, [eventOf('lost until resent')]);
  const r1 = new AvroReader(await rpc(socket, decoder, 1, first.toBuffer()));
  assert.deepEqual(readHandshakeResponse(r1), { match: 'NONE', serverProtocol: PROTOCOL_TEXT, serverHash: PROTOCOL_HASH });
  assert.ok(r1.done, 'no call response after NONE');

  const second = new AvroWriter();
  writeHandshakeRequest(second, { clientHash, clientProtocol: PROTOCOL_TEXT.replace('"AvroSourceProtocol"', '"AvroSourceProtocol" '), serverHash: guessedServerHash });
  writeAppendBatchCall(second, [eventOf('resent')]);
  const r2 = new AvroReader(await rpc(socket, decoder, 2, second.toBuffer()));
  assert.equal(readHandshakeResponse(r2).match, 'CLIENT');
  assert.equal(readStatusResponse(r2), 'OK');

  const third = new AvroWriter();
  writeAppendBatchCall(third, [eventOf('no handshake now')]);
  assert.equal(readStatusResponse(new AvroReader(await rpc(socket, decoder, 3, third.toBuffer()))), 'OK');
  assert.deepEqual(bodies(await drain(agent.channels.get('c1')!)), ['resent', 'no handshake now']);
  socket.destroy();
  await agent.stop();
});
