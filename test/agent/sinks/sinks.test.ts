import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { MemoryChannel, memoryChannelOptions } from '../../../src/agent/channels/memory-channel.js';
import { eventOf, newHeaders } from '../../../src/agent/event.js';
import { FileRollSink } from '../../../src/agent/sinks/file-roll-sink.js';
import { dumpEvent, LoggerSink } from '../../../src/agent/sinks/logger-sink.js';
import { NullSink } from '../../../src/agent/sinks/null-sink.js';
import { captureLogger, contextOf, scratchDir } from '../helpers.js';
import { waitFor } from '../../helpers/wait-for.js';

async function channelWith(...bodies: string[]): Promise<MemoryChannel> {
  const c = new MemoryChannel('c1', memoryChannelOptions(contextOf({}, 'a1.channels.c1.')));
  await c.start();
  if (bodies.length) await c.put(bodies.map((b) => eventOf(b)));
  return c;
}

test('logger logs each event at INFO as Flume dumps it, showing at most maxBytesToLog bytes', async () => {
  const c = await channelWith('hello', 'a much longer line than sixteen bytes');
  const log = captureLogger();
  const sink = new LoggerSink('k1', contextOf({}, 'a1.sinks.k1.'), c, log.logger);
  assert.equal(await sink.process(), 'READY');
  assert.equal(await sink.process(), 'BACKOFF');
  const [a, b] = log.records();
  assert.equal(a!.level, 30);
  assert.equal(a!.msg, 'Event: { headers:{} body: 68 65 6C 6C 6F                                  hello }');
  assert.equal(b!.body, 'a much longer li');
  assert.equal(b!.bodyBytes, 37);
  assert.equal(c.size(), 0);
});

test('the dump shows headers as Flume’s map, and dots for unprintable bytes', async () => {
  const e = eventOf(Buffer.from('hi\r'), Object.assign(newHeaders(), { a: '1', b: '2' }));
  assert.equal(dumpEvent(e, 16), `Event: { headers:{a=1, b=2} body: ${'68 69 0D '.padEnd(48)}hi. }`);
  const c = await channelWith('abcdef');
  const log = captureLogger();
  await new LoggerSink('k1', contextOf({ maxBytesToLog: '2' }, 'a1.sinks.k1.'), c, log.logger).process();
  assert.equal(log.records()[0]!.msg, `Event: { headers:{} body: ${'61 62 '.padEnd(48)}ab }`);
});

test('file_roll writes one body a line and starts a new file every rollInterval', async () => {
  const dir = join(scratchDir(), 'out');
  const c = await channelWith('first', 'second');
  const sink = new FileRollSink('k1', contextOf({ 'sink.directory': dir, 'sink.rollInterval': '1' }, 'a1.sinks.k1.'), c, captureLogger().logger);
  await sink.start();
  await sink.process();
  const firstFile = sink.currentFile();
  assert.match(firstFile, /\/\d{13}-1$/);
  await c.put([eventOf('third')]);
  await waitFor('a roll', async () => {
    await sink.process();
    return sink.currentFile() !== firstFile;
  }, { timeoutMs: 3000 });
  await c.put([eventOf('fourth')]);
  await sink.process();
  await sink.stop();
  const files = readdirSync(dir).sort((x, y) => Number(x.split('-')[1]) - Number(y.split('-')[1]));
  const contents = files.map((f) => readFileSync(join(dir, f), 'utf8'));
  assert.equal(contents.join(''), 'first\nsecond\nthird\nfourth\n');
  assert.equal(contents[0], 'first\nsecond\nthird\n');
  assert.ok(files.length >= 2);
});

test('file_roll with rollInterval 0 keeps one file', async () => {
  const dir = join(scratchDir(), 'out');
  const c = await channelWith('a');
  const sink = new FileRollSink('k1', contextOf({ 'sink.directory': dir, 'sink.rollInterval': '0', 'sink.pathManager.prefix': 'web-', 'sink.pathManager.extension': 'log' }, 'a1.sinks.k1.'), c, captureLogger().logger);
  await sink.start();
  await sink.process();
  await sink.stop();
  const files = readdirSync(dir);
  assert.equal(files.length, 1);
  assert.match(files[0]!, /^web-\d{13}-1\.log$/);
});

test('null takes batches of batchSize and discards them', async () => {
  const c = await channelWith('1', '2', '3');
  const sink = new NullSink('k1', contextOf({ batchSize: '2' }, 'a1.sinks.k1.'), c);
  assert.equal(await sink.process(), 'READY');
  assert.equal(c.size(), 1);
  assert.equal(await sink.process(), 'READY');
  assert.equal(await sink.process(), 'BACKOFF');
  assert.equal(c.size(), 0);
});
