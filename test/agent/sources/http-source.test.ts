import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HttpSource } from '../../../src/agent/sources/http-source.js';
import { agentFrom, bodies, drain, props } from '../helpers.js';

function httpAgent(...extra: string[]) {
  return agentFrom(
    props('a1.sources = r1', 'a1.channels = c1', 'a1.sources.r1.type = http', 'a1.sources.r1.port = 0', 'a1.sources.r1.channels = c1', 'a1.channels.c1.type = memory', 'a1.channels.c1.keep-alive = 0', ...extra),
  );
}

async function post(agent: ReturnType<typeof httpAgent>, body: string, method = 'POST'): Promise<{ status: number; text: string }> {
  const port = (agent.sources.get('r1') as HttpSource).port;
  const res = await fetch(`http://127.0.0.1:${port}/`, { method, body: method === 'GET' ? undefined : body, headers: { 'content-type': 'application/json' } });
  return { status: res.status, text: await res.text() };
}

test('a JSON array of {headers, body} becomes events; 200 once stored', async () => {
  const agent = httpAgent();
  await agent.start();
  const res = await post(agent, JSON.stringify([{ headers: { a: 'a2', n: 3 }, body: 'random_body' }, { headers: {}, body: 'random_body2' }, {}]));
  assert.equal(res.status, 200);
  const events = await drain(agent.channels.get('c1')!);
  assert.deepEqual(bodies(events), ['random_body', 'random_body2', '']);
  assert.deepEqual({ ...events[0]!.headers }, { a: 'a2', n: '3' });
  await agent.stop();
});

test('bad JSON, or JSON that is not an array of events, is answered 400 and stores nothing', async () => {
  const agent = httpAgent();
  await agent.start();
  for (const body of ['[{"body": "x"', '{"body": "x"}', '[{"headers": {"a": {"nested": 1}}, "body": "x"}]', '[{"body": ["x"]}]']) {
    const res = await post(agent, body);
    assert.equal(res.status, 400, body);
    assert.ok(res.text.length > 0);
  }
  assert.equal(agent.channels.get('c1')!.size(), 0);
  await agent.stop();
});

test('one POST is one transaction: 503 when the channel is full, and none of its events stored', async () => {
  const agent = httpAgent('a1.channels.c1.capacity = 3', 'a1.channels.c1.transactionCapacity = 3');
  await agent.start();
  assert.equal((await post(agent, JSON.stringify([{ body: '1' }, { body: '2' }]))).status, 200);
  const full = await post(agent, JSON.stringify([{ body: '3' }, { body: '4' }]));
  assert.equal(full.status, 503);
  assert.match(full.text, /channel c1 is full/);
  assert.deepEqual(bodies(await drain(agent.channels.get('c1')!)), ['1', '2']);
  assert.equal((await post(agent, JSON.stringify([{ body: '3' }, { body: '4' }]))).status, 200, 'the client retries and succeeds');
  await agent.stop();
});

test('a POST with more events than transactionCapacity is answered 413', async () => {
  const agent = httpAgent('a1.channels.c1.transactionCapacity = 2');
  await agent.start();
  const res = await post(agent, JSON.stringify([{ body: '1' }, { body: '2' }, { body: '3' }]));
  assert.equal(res.status, 413);
  assert.match(res.text, /3 events in one transaction exceed channel c1's transactionCapacity of 2/);
  await agent.stop();
});

test('only POST is accepted', async () => {
  const agent = httpAgent();
  await agent.start();
  assert.equal((await post(agent, '', 'GET')).status, 405);
  await agent.stop();
});
