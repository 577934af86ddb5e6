import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toMillis, toPositiveMillis } from '../../src/stream/duration.js';
import { InvalidDurationError } from '../../src/stream/errors.js';

test('durations read numbers as milliseconds and strings with units', () => {
  assert.equal(toMillis(250, 'x'), 250);
  assert.equal(toMillis('500ms', 'x'), 500);
  assert.equal(toMillis('1s', 'x'), 1000);
  assert.equal(toMillis('1.5s', 'x'), 1500);
  assert.equal(toMillis('5m', 'x'), 300_000);
  assert.equal(toMillis('2h', 'x'), 7_200_000);
  assert.equal(toMillis(0, 'x'), 0);
});

test('bad durations fail naming the option and the accepted forms', () => {
  for (const bad of ['1x', '', 's', '-1s', 1.5, -3, Number.NaN, '0.0005s']) {
    assert.throws(
      () => toMillis(bad as never, 'window size'),
      (err: unknown) => err instanceof InvalidDurationError && /window size/.test(err.message) && /'500ms'/.test(err.message),
      String(bad),
    );
  }
  assert.throws(() => toPositiveMillis(0, 'slide'), InvalidDurationError);
});
