import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RateLimiter } from '../../src/apps/rate.js';
import { FakeClock } from './fake-clock.js';

test('10 a second spaces units 100 ms apart on the fake clock', async () => {
  const clock = new FakeClock(1000);
  const limiter = new RateLimiter(10, clock);
  const sentAt: number[] = [];
  for (let i = 0; i < 50; i++) {
    await limiter.take();
    sentAt.push(clock.now());
  }
  assert.equal(sentAt[0], 1000);
  assert.equal(sentAt[49]! - sentAt[0]!, 4900);
  for (let i = 1; i < sentAt.length; i++) assert.equal(sentAt[i]! - sentAt[i - 1]!, 100);
});

test('rate 0 never waits', async () => {
  const clock = new FakeClock();
  const limiter = new RateLimiter(0, clock);
  for (let i = 0; i < 10_000; i++) await limiter.take();
  assert.equal(clock.now(), 0);
  assert.equal(clock.sleeps.length, 0);
});

test('time lost to a slow consumer is made up, but an idle stretch banks at most one second', async () => {
  const clock = new FakeClock();
  const limiter = new RateLimiter(100, clock);
  await limiter.take();
  clock.time += 50; // the caller was busy for five units' worth
  let immediate = 0;
  while (limiter.reserve() === 0) immediate++;
  assert.equal(immediate, 5, 'the five late units go at once, then pacing resumes');

  const idle = new RateLimiter(100, clock);
  await idle.take();
  clock.time += 60_000;
  let burst = 0;
  while (idle.reserve() === 0) burst++;
  assert.equal(burst, 101, 'after a minute idle, one second (100 units) plus the one due now go at once');
});

test('a long run holds the rate: 1000 units at 250/s take 3.996 s', async () => {
  const clock = new FakeClock();
  const limiter = new RateLimiter(250, clock);
  for (let i = 0; i < 1000; i++) await limiter.take();
  assert.equal(clock.now(), 3996);
});

test('delayUntilNext looks ahead without booking', async () => {
  const clock = new FakeClock();
  const limiter = new RateLimiter(4, clock);
  assert.equal(limiter.delayUntilNext(), 0);
  await limiter.take();
  assert.equal(limiter.delayUntilNext(), 250);
  assert.equal(limiter.delayUntilNext(), 250);
  assert.equal(limiter.reserve(), 250);
});

test('a negative or infinite rate is refused with what to pass instead', () => {
  assert.throws(() => new RateLimiter(-1), /use 0 for "as fast as possible"/);
  assert.throws(() => new RateLimiter(Infinity), RangeError);
});
