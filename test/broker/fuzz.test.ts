import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fuzzSession } from '../helpers/fuzz/session.js';

/**
 * Structure-aware fuzzing of every request API × version the broker
 * advertises (test/helpers/fuzz). Replay a failure from its seed and index:
 *   FUZZ_SEED=<seed> FUZZ_FIRST=<index> FUZZ_INPUTS=1 node --test dist/test/broker/fuzz.test.js
 */
function envInt(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number ≥ 0, got "${text}"`);
  return n;
}

const seed = envInt('FUZZ_SEED', 22);
const first = envInt('FUZZ_FIRST', 0);
const count = envInt('FUZZ_INPUTS', 100_000);

test(`${count.toLocaleString('en-US')} fuzzed requests (seed ${seed}, from ${first}): no crash, no hang, nothing the steady pair sent is lost`, { timeout: 240_000 }, async () => {
  const r = await fuzzSession({ seed, first, count, connections: 16, window: 3, hangMs: 5000 });
  const summary = `${r.settled} inputs over ${r.targets} API versions in ${(r.elapsedMs / 1000).toFixed(1)} s: ${r.responses} answered, ${r.closes} closed, ${r.silent} acks=0; ${r.connectionsOpened} connections`;
  console.log(summary);
  assert.deepEqual(r.findings, [], summary);
  assert.equal(r.settled, count);
  assert.equal(r.answersAtEnd, true, 'the broker no longer answers ApiVersions after the run');
  assert.deepEqual(r.brokerErrors, [], 'the broker logged errors: each is a handler that threw on some input');
  assert.deepEqual(r.steady.missing, [], `acknowledged records the consumer never read (${r.steady.acked} acked)`);
  assert.ok(r.steady.acked > 10, `the steady producer got only ${r.steady.acked} records acknowledged`);
});
