import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { pino } from 'pino';
import { ProgressReporter } from '../../src/apps/progress.js';
import { FakeClock } from './fake-clock.js';

test('off a terminal, a status line with count, bad rows, rate and ETA is logged every 5 s', async () => {
  const logged: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      logged.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  const clock = new FakeClock();
  const progress = new ProgressReporter({
    label: 'taobao',
    verb: 'sent',
    logger: pino({ level: 'info' }, sink),
    stream: { isTTY: false } as NodeJS.WriteStream,
    clock,
  });
  for (let second = 1; second <= 10; second++) {
    clock.time = second * 1000;
    progress.update({ count: second * 100, bad: second, fraction: second / 40 });
  }
  progress.stop();
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(logged.length, 2, 'one line at 5 s, one at 10 s');
  assert.deepEqual(
    logged.map((l) => [l.count, l.bad, l.rate, l.etaText, l.percent, l.msg]),
    [
      [500, 5, 100, '35s', 12.5, 'taobao progress'],
      [1000, 10, 100, '30s', 25, 'taobao progress'],
    ],
  );
});
