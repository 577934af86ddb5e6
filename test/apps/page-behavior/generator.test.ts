import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PAGE_BEHAVIOR_TOPIC, PageBehaviorGenerator, runPageBehavior, type MessageSink } from '../../../src/apps/page-behavior/generator.js';
import { FakeClock } from '../fake-clock.js';

const SHAPE = /^page(\d+)\|([1-5])\|(\d\.\d{1,7})\|(-1|0|1)$/;

test('messages look like page37|5|1.5119122|-1', () => {
  const g = new PageBehaviorGenerator(1);
  for (let i = 0; i < 2000; i++) {
    const m = g.nextMessage();
    const parts = SHAPE.exec(m);
    assert.ok(parts, m);
    const page = Number(parts[1]);
    assert.ok(page >= 1 && page <= 100, m);
    assert.ok(Number(parts[3]) < 5, m);
  }
});

test('the same seed gives the same batches; another seed other batches', () => {
  const run = (seed: number) => {
    const g = new PageBehaviorGenerator(seed);
    return Array.from({ length: 5 }, () => g.nextBatch());
  };
  assert.deepEqual(run(8), run(8));
  assert.notDeepEqual(run(8), run(9));
});

test('pages, clicks, likes and batch sizes are uniform, stay is uniform in [0, 5)', () => {
  const g = new PageBehaviorGenerator(2);
  const sizes: number[] = [];
  const messages: string[] = [];
  for (let i = 0; i < 2000; i++) {
    const batch = g.nextBatch();
    sizes.push(batch.length);
    messages.push(...batch);
  }
  assert.equal(Math.min(...sizes), 1);
  assert.equal(Math.max(...sizes), 50);
  assert.ok(Math.abs(sizes.reduce((a, b) => a + b) / sizes.length - 25.5) < 1);

  const fields = messages.map((m) => m.split('|'));
  const share = (pick: (f: string[]) => boolean) => fields.filter(pick).length / fields.length;
  assert.ok(Math.abs(share((f) => f[0] === 'page37') - 0.01) < 0.003);
  assert.ok(Math.abs(share((f) => f[1] === '5') - 0.2) < 0.01);
  assert.ok(Math.abs(share((f) => f[3] === '-1') - 1 / 3) < 0.01);
  assert.ok(Math.abs(share((f) => Number(f[2]) < 2.5) - 0.5) < 0.01);
  assert.equal(new Set(fields.map((f) => f[0])).size, 100);
});

test('a batch goes out at once and then one every interval, on the fake clock', async () => {
  const clock = new FakeClock(0);
  const sent: Array<{ topic: string; value: string; at: number }> = [];
  const pending: Array<{ topic: string; value: string }> = [];
  const sink: MessageSink = {
    push: (m) => void pending.push(m),
    flush: async () => {
      for (const m of pending.splice(0)) sent.push({ ...m, at: clock.now() });
    },
  };
  const expected = new PageBehaviorGenerator(4, { minMessages: 2, maxMessages: 3 });
  const batches = Array.from({ length: 4 }, () => expected.nextBatch());
  const total = await runPageBehavior({ generator: new PageBehaviorGenerator(4, { minMessages: 2, maxMessages: 3 }), intervals: 4, clock, intervalMs: 5000 }, sink);
  assert.equal(total, batches.flat().length);
  assert.deepEqual(
    sent.map((m) => [m.at, m.value]),
    batches.flatMap((b, i) => b.map((v) => [i * 5000, v])),
  );
  assert.ok(sent.every((m) => m.topic === PAGE_BEHAVIOR_TOPIC));
});

test('min and max must make sense', () => {
  assert.throws(() => new PageBehaviorGenerator(1, { minMessages: 0 }), /1 ≤ min ≤ max/);
  assert.throws(() => new PageBehaviorGenerator(1, { minMessages: 5, maxMessages: 4 }), RangeError);
});
