import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pino } from 'pino';
import { Metadata, SaslAuthenticate, SaslHandshake } from '../../../src/protocol/apis.js';
import { ErrorCode } from '../../../src/protocol/error-codes.js';
import { inProcessBroker } from '../../helpers/broker.js';
import { RawClient } from '../../helpers/raw-client.js';

// A flood of failed logins writes one warning per client address per window, with a count,
// instead of a line per attempt; good logins beside the flood still work.
interface Line {
  level: number;
  msg: string;
  peer?: string;
  count?: number;
  causes?: Record<string, number>;
  cause?: string;
}
const WARN = 40;
const plainToken = (user: string, password: string) => Buffer.from(`\0${user}\0${password}`);

async function wrongLogin(port: number): Promise<number> {
  const c = await RawClient.connect(port);
  try {
    await c.request(SaslHandshake, 1, { mechanism: 'PLAIN' });
    return (await c.request(SaslAuthenticate, 2, { authBytes: plainToken('mallory', 'guess') })).errorCode;
  } finally {
    c.close();
  }
}

test('60 failed logins from one address: one warning at once, then one line counting the rest when the window ends', { timeout: 30_000 }, async () => {
  const lines: Line[] = [];
  const logger = pino({ level: 'info' }, { write: (l: string) => void lines.push(JSON.parse(l) as Line) });
  const windowMs = 1500;
  const b = await inProcessBroker({ sasl: { users: { bob: 'bob-pw' } }, logger, warningLogWindowMs: windowMs });
  try {
    const started = Date.now();
    const codes: number[] = [];
    for (let i = 0; i < 50; i++) codes.push(await wrongLogin(b.port));
    // Requests before logging in count as failures too.
    for (let i = 0; i < 10; i++) {
      const c = await RawClient.connect(b.port);
      await assert.rejects(c.request(Metadata, 9, { topics: null, allowAutoTopicCreation: false, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false }));
      c.close();
    }
    assert.ok(Date.now() - started < windowMs, 'the flood fits in one window; give it a larger one on a slow machine');
    assert.deepEqual(new Set(codes), new Set([ErrorCode.SASL_AUTHENTICATION_FAILED]));
    // A good login beside the flood is served.
    const good = await RawClient.connect(b.port);
    await good.request(SaslHandshake, 1, { mechanism: 'PLAIN' });
    assert.equal((await good.request(SaslAuthenticate, 2, { authBytes: plainToken('bob', 'bob-pw') })).errorCode, ErrorCode.NONE);
    good.close();

    const warnings = () => lines.filter((l) => l.level >= WARN);
    assert.equal(warnings().length, 1, JSON.stringify(warnings()));
    assert.deepEqual({ peer: warnings()[0]!.peer, cause: warnings()[0]!.cause, count: warnings()[0]!.count }, { peer: '127.0.0.1', cause: 'SASL', count: 1 });
    await new Promise((r) => setTimeout(r, windowMs + 300));
    const [, summary] = warnings();
    assert.equal(warnings().length, 2, JSON.stringify(warnings()));
    assert.equal(summary!.msg, `59 more failed authentications from 127.0.0.1 in the last ${windowMs / 1000} s`);
    assert.deepEqual(summary!.causes, { SASL: 49, 'unauthenticated request': 10 });

    // A quiet window ends the count; the next failure is logged at once again.
    await new Promise((r) => setTimeout(r, windowMs + 300));
    assert.equal(warnings().length, 2);
    await wrongLogin(b.port);
    assert.equal(warnings().length, 3);
    assert.equal(warnings()[2]!.count, 1);
  } finally {
    await b.stop();
  }
});

test('failures counted but not yet written are written when the broker stops', { timeout: 30_000 }, async () => {
  const lines: Line[] = [];
  const logger = pino({ level: 'info' }, { write: (l: string) => void lines.push(JSON.parse(l) as Line) });
  const b = await inProcessBroker({ sasl: { users: { bob: 'bob-pw' } }, logger });
  for (let i = 0; i < 5; i++) await wrongLogin(b.port);
  await b.stop();
  const warnings = lines.filter((l) => l.level >= WARN);
  assert.deepEqual(warnings.map((w) => w.count), [1, 4]);
});
