import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { test } from 'node:test';
import { AgentConfigError } from '../../../src/agent/errors.js';
import { eventOf, newHeaders, type FlumeEvent } from '../../../src/agent/event.js';
import { buildInterceptors } from '../../../src/agent/interceptors/index.js';
import { contextOf } from '../helpers.js';

function chain(props: Record<string, string>) {
  return buildInterceptors(contextOf(props));
}

function run(props: Record<string, string>, events: FlumeEvent[]): FlumeEvent[] {
  let out = events;
  for (const i of chain(props)) out = i.intercept(out);
  return out;
}

const ev = (body: string, headers: Record<string, string> = {}) => eventOf(body, Object.assign(newHeaders(), headers));

test('timestamp sets the time in epoch ms, replacing an existing one unless preserveExisting', () => {
  const before = Date.now();
  const [a] = run({ interceptors: 'i1', 'interceptors.i1.type': 'timestamp' }, [ev('x', { timestamp: '1' })]);
  const t = Number(a!.headers.timestamp);
  assert.ok(t >= before && t <= Date.now());
  const [b] = run({ interceptors: 'i1', 'interceptors.i1.type': 'timestamp', 'interceptors.i1.preserveExisting': 'true', 'interceptors.i1.headerName': 'ts' }, [ev('x', { ts: '1' })]);
  assert.equal(b!.headers.ts, '1');
});

test('host puts the IP address by default, the host name with useIP=false', () => {
  const [a] = run({ interceptors: 'i1', 'interceptors.i1.type': 'host' }, [ev('x')]);
  assert.match(a!.headers.host!, /^\d+\.\d+\.\d+\.\d+$/);
  const [b] = run({ interceptors: 'i1', 'interceptors.i1.type': 'host', 'interceptors.i1.useIP': 'false', 'interceptors.i1.hostHeader': 'hn' }, [ev('x')]);
  assert.equal(b!.headers.hn, hostname());
});

test('static adds key=value, keeping an existing value by default', () => {
  const out = run({ interceptors: 'i1', 'interceptors.i1.type': 'static', 'interceptors.i1.key': 'datacenter', 'interceptors.i1.value': 'NEW_YORK' }, [ev('a'), ev('b', { datacenter: 'SF' })]);
  assert.deepEqual(out.map((e) => e.headers.datacenter), ['NEW_YORK', 'SF']);
});

test('regex_filter keeps matching bodies, or drops them with excludeEvents', () => {
  const events = () => [ev('GET /class/130.html'), ev('GET /learn/821'), ev('POST /class/145.html')];
  const keep = run({ interceptors: 'f', 'interceptors.f.type': 'regex_filter', 'interceptors.f.regex': '/class/\\d+' }, events());
  assert.deepEqual(keep.map((e) => e.body.toString()), ['GET /class/130.html', 'POST /class/145.html']);
  const drop = run({ interceptors: 'f', 'interceptors.f.type': 'regex_filter', 'interceptors.f.regex': '^POST', 'interceptors.f.excludeEvents': 'true' }, events());
  assert.deepEqual(drop.map((e) => e.body.toString()), ['GET /class/130.html', 'GET /learn/821']);
});

test('remove_header removes by name, by list and by whole-name pattern', () => {
  const [a] = run(
    { interceptors: 'r', 'interceptors.r.type': 'remove_header', 'interceptors.r.withName': 'a', 'interceptors.r.fromList': 'b, c', 'interceptors.r.matching': 'tmp.*' },
    [ev('x', { a: '1', b: '2', c: '3', tmp1: '4', keeptmp: '5', d: '6' })],
  );
  assert.deepEqual({ ...a!.headers }, { keeptmp: '5', d: '6' });
});

test('uuid gives each event a distinct id, keeping an existing one', () => {
  const out = run({ interceptors: 'u', 'interceptors.u.type': 'uuid', 'interceptors.u.prefix': 'web-' }, [ev('a'), ev('b'), ev('c', { id: 'mine' })]);
  assert.match(out[0]!.headers.id!, /^web-[0-9a-f-]{36}$/);
  assert.notEqual(out[0]!.headers.id, out[1]!.headers.id);
  assert.equal(out[2]!.headers.id, 'mine');
});

test('interceptors run in the order listed, and Java builder class names work', () => {
  const out = run(
    {
      interceptors: 's f',
      's.type': 'x',
      'interceptors.s.type': 'org.apache.flume.interceptor.StaticInterceptor$Builder',
      'interceptors.s.key': 'k',
      'interceptors.s.value': 'v',
      'interceptors.f.type': 'regex_filter',
      'interceptors.f.regex': 'keep',
    },
    [ev('keep me'), ev('drop me')],
  );
  assert.deepEqual(out.map((e) => [e.body.toString(), e.headers.k]), [['keep me', 'v']]);
});

test('an unknown interceptor type or a bad regex names the key', () => {
  assert.throws(() => chain({ interceptors: 'i1', 'interceptors.i1.type': 'morphline' }), (e: unknown) => e instanceof AgentConfigError && e.key === 'a1.sources.r1.interceptors.i1.type');
  assert.throws(() => chain({ interceptors: 'i1', 'interceptors.i1.type': 'regex_filter', 'interceptors.i1.regex': '(' }), (e: unknown) => e instanceof AgentConfigError && e.key === 'a1.sources.r1.interceptors.i1.regex');
});
