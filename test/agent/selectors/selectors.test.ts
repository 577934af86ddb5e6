import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ChannelProcessor } from '../../../src/agent/channel-processor.js';
import { MemoryChannel, memoryChannelOptions } from '../../../src/agent/channels/memory-channel.js';
import { AgentConfigError, ChannelFullError } from '../../../src/agent/errors.js';
import { eventOf, newHeaders } from '../../../src/agent/event.js';
import { buildSelector } from '../../../src/agent/selectors/index.js';
import { bodies, captureLogger, contextOf, drain } from '../helpers.js';

async function channels(...specs: Array<[string, Record<string, string>?]>): Promise<MemoryChannel[]> {
  const out = specs.map(([name, props]) => new MemoryChannel(name, memoryChannelOptions(contextOf(props ?? {}, `a1.channels.${name}.`))));
  for (const c of out) await c.start();
  return out;
}

function processor(props: Record<string, string>, chans: MemoryChannel[]) {
  return new ChannelProcessor([], buildSelector(contextOf(props), chans), captureLogger().logger);
}

const withState = (body: string, state?: string) => eventOf(body, state === undefined ? newHeaders() : Object.assign(newHeaders(), { state }));

test('replicating (the default) copies every event to every channel', async () => {
  const [c1, c2] = await channels(['c1'], ['c2']);
  await processor({}, [c1!, c2!]).processEventBatch([eventOf('a'), eventOf('b')]);
  assert.deepEqual(bodies(await drain(c1!)), ['a', 'b']);
  assert.deepEqual(bodies(await drain(c2!)), ['a', 'b']);
});

test('replicating: a full required channel fails the batch, a full optional one does not', async () => {
  const [c1, c2] = await channels(['c1'], ['c2', { capacity: '2', transactionCapacity: '2', 'keep-alive': '0' }]);
  await c2!.put([eventOf('x'), eventOf('y')]);
  await processor({ 'selector.type': 'replicating', 'selector.optional': 'c2' }, [c1!, c2!]).processEventBatch([eventOf('a'), eventOf('b')]);
  assert.deepEqual(bodies(await drain(c1!)), ['a', 'b']);
  assert.deepEqual(bodies(await drain(c2!)), ['x', 'y'], 'the full optional channel refused the batch');
  await c2!.put([eventOf('x'), eventOf('y')]);
  await assert.rejects(processor({ 'selector.type': 'replicating' }, [c1!, c2!]).processEventBatch([eventOf('a'), eventOf('b')]), ChannelFullError);
});

test('multiplexing routes by header value, to default when unmapped, and adds optional channels', async () => {
  const [cz, us, other, audit] = await channels(['cz'], ['us'], ['other'], ['audit']);
  const p = processor(
    { 'selector.type': 'multiplexing', 'selector.header': 'state', 'selector.mapping.CZ': 'cz', 'selector.mapping.US': 'us audit', 'selector.default': 'other', 'selector.optional.CZ': 'audit' },
    [cz!, us!, other!, audit!],
  );
  await p.processEventBatch([withState('1', 'CZ'), withState('2', 'US'), withState('3', 'FR'), withState('4')]);
  assert.deepEqual(bodies(await drain(cz!)), ['1']);
  assert.deepEqual(bodies(await drain(us!)), ['2']);
  assert.deepEqual(bodies(await drain(other!)), ['3', '4']);
  assert.deepEqual(bodies(await drain(audit!)), ['2', '1']);
});

test('a selector naming a channel the source does not use names the key', async () => {
  const [c1] = await channels(['c1']);
  assert.throws(() => buildSelector(contextOf({ 'selector.type': 'multiplexing', 'selector.mapping.X': 'c7' }), [c1!]), (e: unknown) => e instanceof AgentConfigError && e.key === 'a1.sources.r1.selector.mapping.X');
  assert.throws(() => buildSelector(contextOf({ 'selector.optional': 'c7' }), [c1!]), (e: unknown) => e instanceof AgentConfigError && e.key === 'a1.sources.r1.selector.optional');
});
