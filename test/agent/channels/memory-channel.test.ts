import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryChannel, memoryChannelOptions } from '../../../src/agent/channels/memory-channel.js';
import { ChannelClosedError, ChannelFullError, TransactionTooLargeError } from '../../../src/agent/errors.js';
import { eventOf } from '../../../src/agent/event.js';
import { bodies, contextOf, drain } from '../helpers.js';

const events = (...b: string[]) => b.map((x) => eventOf(x));

function channel(props: Record<string, string>): MemoryChannel {
  return new MemoryChannel('c1', memoryChannelOptions(contextOf(props, 'a1.channels.c1.')));
}

test('defaults are Flume’s: capacity 100, transactionCapacity 100, keep-alive 3 s', () => {
  const o = memoryChannelOptions(contextOf({}, 'a1.channels.c1.'));
  assert.equal(o.capacity, 100);
  assert.equal(o.transactionCapacity, 100);
  assert.equal(o.keepAliveMs, 3000);
});

test('events come out in order; a rolled-back take puts them back at the head', async () => {
  const c = channel({});
  await c.start();
  await c.put(events('a', 'b', 'c'));
  const tx = await c.take(2);
  assert.deepEqual(bodies(tx.events), ['a', 'b']);
  await tx.rollback();
  assert.deepEqual(bodies(await drain(c)), ['a', 'b', 'c']);
  assert.equal(c.size(), 0);
});

test('a full channel waits keep-alive for room, then refuses the whole transaction', async () => {
  const c = channel({ capacity: '3', transactionCapacity: '3', 'keep-alive': '0' });
  await c.start();
  await c.put(events('1', '2'));
  await assert.rejects(c.put(events('3', '4')), ChannelFullError);
  assert.equal(c.size(), 2, 'nothing of the refused transaction is stored');
  await c.put(events('3'));
  assert.equal(c.size(), 3);
});

test('a put waiting for room goes in as soon as a take commits', async () => {
  const c = channel({ capacity: '2', transactionCapacity: '2', 'keep-alive': '3' });
  await c.start();
  await c.put(events('1', '2'));
  const started = Date.now();
  const waiting = c.put(events('3'));
  const tx = await c.take(1);
  assert.equal(c.size(), 2, 'a taken event keeps its slot until the take commits');
  setTimeout(() => void tx.commit(), 50);
  await waiting;
  assert.ok(Date.now() - started < 1000);
  assert.deepEqual(bodies(await drain(c)), ['2', '3']);
});

test('byteCapacity counts body bytes, less byteCapacityBufferPercentage', async () => {
  const c = channel({ byteCapacity: '100', byteCapacityBufferPercentage: '20', 'keep-alive': '0' });
  await c.start();
  await c.put([eventOf('x'.repeat(80))]);
  await assert.rejects(c.put([eventOf('y')]), ChannelFullError);
});

test('more events in one put than transactionCapacity is refused outright', async () => {
  const c = channel({ transactionCapacity: '2' });
  await c.start();
  await assert.rejects(c.put(events('1', '2', '3')), TransactionTooLargeError);
  assert.equal((await c.take(10)).events.length, 0);
});

test('a take gives at most transactionCapacity events', async () => {
  const c = channel({ transactionCapacity: '2' });
  await c.start();
  await c.put(events('1', '2'));
  await c.put(events('3'));
  assert.equal((await c.take(100)).events.length, 2);
});

test('a stopped channel refuses puts', async () => {
  const c = channel({});
  await c.start();
  await c.stop();
  await assert.rejects(c.put(events('x')), ChannelClosedError);
});
