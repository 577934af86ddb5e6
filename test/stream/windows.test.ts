import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TopologyError } from '../../src/stream/errors.js';
import { alignDown, gcd, hopping, session, sliding, tumbling } from '../../src/stream/windows.js';

test('window specs read durations once, at build time', () => {
  assert.deepEqual(tumbling('1s'), { kind: 'time', size: 1000, slide: 1000, grace: 0 });
  assert.deepEqual(hopping('10s', '5s'), { kind: 'time', size: 10_000, slide: 5000, grace: 0 });
  assert.deepEqual(sliding(3000, 1000, { grace: '1s' }), { kind: 'time', size: 3000, slide: 1000, grace: 1000 });
  assert.deepEqual(session('30s', { grace: 500 }), { kind: 'session', gap: 30_000, grace: 500 });
});

test('a slide longer than the window is refused, since records between windows would be lost', () => {
  assert.throws(() => hopping('1s', '2s'), TopologyError);
});

test('alignDown finds the cell start for negative times too', () => {
  assert.equal(alignDown(0, 1000), 0);
  assert.equal(alignDown(999, 1000), 0);
  assert.equal(alignDown(1000, 1000), 1000);
  assert.equal(alignDown(-1, 1000), -1000);
  assert.equal(alignDown(-1000, 1000), -1000);
  assert.equal(gcd(3000, 2000), 1000);
  assert.equal(gcd(1000, 1000), 1000);
});
