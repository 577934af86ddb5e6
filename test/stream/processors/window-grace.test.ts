import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StreamBuilder } from '../../../src/stream/dsl/stream-builder.js';
import type { WindowOptions } from '../../../src/stream/dsl/options.js';
import { InvalidDurationError, TopologyError } from '../../../src/stream/errors.js';
import type { Windowed } from '../../../src/stream/records.js';
import { TestDriver } from '../../../src/stream/testing/test-driver.js';
import { hopping, session, tumbling, type SessionWindows, type TimeWindows } from '../../../src/stream/windows.js';
import { forSeeds, mulberry32, randomInt } from '../prng.js';

/** Counts per key of topic `in`, written to `out`; late records to `late`. */
function countJob(windows: TimeWindows | SessionWindows, options: WindowOptions<string | null, string> = {}): TestDriver {
  const b = new StreamBuilder();
  const stream = b.stream('in');
  const windowed = windows.kind === 'time' ? stream.window(windows, options) : stream.window(windows, options);
  windowed.count().toStream().to('out');
  return new TestDriver(b.build());
}

function results(driver: TestDriver): string[] {
  return driver.output('out').map((r) => {
    const w = r.key as Windowed<string>;
    return `${w.key}@${w.start}-${w.end}=${JSON.stringify(r.value)}`;
  });
}

const at = (timestamp: number, key = 'k', value = 'v') => ({ key, value, timestamp });
const late = (driver: TestDriver) => driver.output('late').map((r) => `${String(r.key)}:${String(r.value)}@${r.timestamp}`);

test("grace: a window takes records until stream time reaches its end plus the grace, and emit 'final' sends it then, once", () => {
  const driver = countJob(tumbling(1000, { grace: 500 }), { time: 'event', late: 'late' });
  driver.pipe('in', [at(100), at(1200), at(900, 'k', 'in-grace')]);
  assert.deepEqual(late(driver), [], 'stream time 1200 is within the grace of [0, 1000)');
  driver.pipe('in', [at(1499)]);
  assert.deepEqual(results(driver), [], 'the window waits for 1000 + 500');
  driver.pipe('in', [at(1500)]);
  assert.deepEqual(results(driver), ['k@0-1000=2']);
  driver.pipe('in', [at(999, 'k', 'too-late'), at(1000, 'j', 'next-window')]);
  assert.deepEqual(late(driver), ['k:too-late@999']);
  assert.equal(driver.metrics().lateRecords, 1);
  driver.pipe('in', [at(2499)]);
  assert.deepEqual(results(driver), ['k@0-1000=2'], 'the window emitted once; [1000, 2000) waits for 2500');
  driver.pipe('in', [at(2500, 'x')]);
  assert.deepEqual(results(driver), ['k@0-1000=2', 'k@1000-2000=3', 'j@1000-2000=1']);
});

test('without grace the same record is late: the window closed at its end', () => {
  const driver = countJob(tumbling(1000), { time: 'event', late: 'late' });
  driver.pipe('in', [at(100), at(1200), at(900, 'k', 'in-grace')]);
  assert.deepEqual(late(driver), ['k:in-grace@900']);
  assert.deepEqual(results(driver), ['k@0-1000=1']);
});

test('grace adds to the lateness of the watermark', () => {
  const driver = countJob(tumbling(1000, { grace: 200 }), { time: 'event', lateness: 300, late: 'late' });
  driver.pipe('in', [at(0), at(1499), at(999, 'k', 'still-in')]);
  assert.deepEqual(results(driver), []);
  driver.pipe('in', [at(1500)]);
  assert.deepEqual(results(driver), ['k@0-1000=2']);
  assert.deepEqual(late(driver), []);
});

test('hopping with grace: a record is late as a whole when its earliest window is past end + grace', () => {
  const driver = countJob(hopping(2000, 1000, { grace: 300 }), { time: 'event', late: 'late' });
  driver.pipe('in', [at(2200), at(1500, 'k', 'in-grace'), at(2300), at(999, 'k', 'late')]);
  assert.deepEqual(late(driver), ['k:late@999']);
  assert.deepEqual(results(driver), ['k@0-2000=1'], '[0, 2000) closed at 2300 holding the record in its grace');
  driver.pipe('in', [at(10_000, 'x')]);
  assert.deepEqual(results(driver).filter((r) => r.startsWith('k@')), ['k@0-2000=1', 'k@1000-3000=3', 'k@2000-4000=2']);
});

test('emit update sends changes made during the grace, and nothing more when the window closes', () => {
  const driver = countJob(tumbling(1000, { grace: 500 }), { time: 'event', emit: { update: '100ms' }, late: 'late' });
  driver.pipe('in', [at(100)]);
  driver.advanceProcessingTime(100);
  driver.pipe('in', [at(1200)]);
  driver.advanceProcessingTime(100);
  driver.pipe('in', [at(900)]);
  driver.advanceProcessingTime(100);
  assert.deepEqual(results(driver), ['k@0-1000=1', 'k@1000-2000=1', 'k@0-1000=2']);
  driver.pipe('in', [at(1600, 'x'), at(950)]);
  driver.advanceProcessingTime(100);
  assert.deepEqual(results(driver), ['k@0-1000=1', 'k@1000-2000=1', 'k@0-1000=2', 'x@1000-2000=1']);
  assert.deepEqual(late(driver), ['k:v@950']);
});

test('session grace: a session closes at last + gap + grace and takes records until then', () => {
  const driver = countJob(session(1000, { grace: 500 }), { time: 'event', late: 'late' });
  driver.pipe('in', [at(0), at(1400, 'other'), at(500)]);
  driver.pipe('in', [at(1999, 'other')]);
  assert.deepEqual(results(driver), [], 'the session [0, 500] closes at 500 + 1000 + 500');
  driver.pipe('in', [at(2000, 'other')]);
  assert.deepEqual(results(driver), ['k@0-1500=2']);
  driver.pipe('in', [at(100, 'j', 'alone-and-late'), at(600, 'j', 'in-grace')]);
  assert.deepEqual(late(driver), ['j:alone-and-late@100']);
  driver.pipe('in', [at(9000, 'x')]);
  assert.deepEqual(results(driver), ['k@0-1500=2', 'j@600-1600=1', 'other@1400-3000=3']);
});

test('grace is checked when the job is built', () => {
  const b = new StreamBuilder();
  assert.throws(() => b.stream('in').window(tumbling(1000, { grace: 100 })).count(), /grace period \(100 ms\) applies to event time/);
  assert.throws(() => b.stream('in').window(session(1000, { grace: '1s' })).count(), TopologyError);
  assert.throws(() => tumbling(1000, { grace: -5 }), InvalidDurationError);
  assert.equal(hopping('10s', '5s', { grace: '2s' }).grace, 2000);
});

/** Brute force from the definitions: the windows [s, s + size) with s a multiple of slide that hold t. */
function windowStarts(t: number, size: number, slide: number): number[] {
  const starts: number[] = [];
  for (let s = Math.floor((t - size) / slide) * slide; s <= t; s += slide) if (s <= t && t < s + size) starts.push(s);
  return starts;
}

test('property: time windows with grace emit exactly the brute-force counts, each window once, when stream time passes end + grace', () => {
  forSeeds([1, 2, 3, 4, 5, 6, 7, 8], (seed) => {
    const random = mulberry32(seed);
    const size = [500, 1000][randomInt(random, 0, 1)]!;
    const slide = random() < 0.5 ? size : size / 2;
    const grace = randomInt(random, 0, 3) * 150;
    const driver = countJob(hopping(size, slide, { grace }), { time: 'event', late: 'late' });
    let streamTime = Number.NEGATIVE_INFINITY;
    let clock = 0;
    let lateCount = 0;
    const counts = new Map<string, number>();
    const closes = new Map<string, number>();
    for (let i = 0; i < 200; i++) {
      clock += randomInt(random, 0, 60);
      // Disorder up to 800 ms against a grace of 0 to 450 ms: some records fall in the grace, some are late.
      const t = clock - (random() < 0.3 ? randomInt(random, 0, 800) : 0);
      const key = `k${randomInt(random, 0, 3)}`;
      driver.pipe('in', [at(t, key)]);
      const starts = windowStarts(t, size, slide);
      if (starts.some((s) => s + size + grace <= streamTime)) {
        lateCount++;
      } else {
        for (const s of starts) {
          const id = `${key}@${s}-${s + size}`;
          counts.set(id, (counts.get(id) ?? 0) + 1);
          closes.set(id, s + size + grace);
        }
      }
      streamTime = Math.max(streamTime, t);
      const expected = [...counts].filter(([id]) => closes.get(id)! <= streamTime).map(([id, n]) => `${id}=${n}`);
      assert.deepEqual([...results(driver)].sort(), expected.sort(), `after record ${i} (t=${t}, stream time ${streamTime})`);
    }
    assert.equal(driver.metrics().lateRecords, lateCount);
    assert.equal(driver.output('late').length, lateCount);
  });
});

interface Seen {
  readonly key: string;
  readonly t: number;
}

/** Brute force: per key, sort the times and cut where two neighbours are at least the gap apart. */
function bruteSessions(seen: readonly Seen[], gap: number): Array<{ id: string; last: number; count: number }> {
  const sessions: Array<{ id: string; last: number; count: number }> = [];
  for (const key of new Set(seen.map((r) => r.key))) {
    const times = seen.filter((r) => r.key === key).map((r) => r.t).sort((a, b) => a - b);
    let first = times[0]!;
    let count = 0;
    for (let i = 0; i < times.length; i++) {
      count++;
      if (i === times.length - 1 || times[i + 1]! - times[i]! >= gap) {
        sessions.push({ id: `${key}@${first}-${times[i]! + gap}`, last: times[i]!, count });
        first = times[i + 1]!;
        count = 0;
      }
    }
  }
  return sessions;
}

test('property: with disorder within the grace, sessions equal the brute-force sessions and each is emitted once at last + gap + grace', () => {
  forSeeds([21, 22, 23, 24, 25, 26], (seed) => {
    const random = mulberry32(seed);
    const gap = randomInt(random, 2, 6) * 100;
    const grace = randomInt(random, 1, 4) * 100;
    const driver = countJob(session(gap, { grace }), { time: 'event', late: 'late' });
    const seen: Seen[] = [];
    let streamTime = Number.NEGATIVE_INFINITY;
    let clock = 0;
    for (let i = 0; i < 150; i++) {
      clock += randomInt(random, 0, 250);
      // Never older than stream time minus the grace, so no session closes before a record it should hold arrives.
      const t = Math.max(clock - randomInt(random, 0, grace * 2), streamTime - grace);
      const record = { key: `k${randomInt(random, 0, 2)}`, t };
      seen.push(record);
      driver.pipe('in', [at(record.t, record.key)]);
      streamTime = Math.max(streamTime, t);
      const expected = bruteSessions(seen, gap)
        .filter((s) => s.last + gap + grace <= streamTime)
        .map((s) => `${s.id}=${s.count}`);
      assert.deepEqual([...results(driver)].sort(), expected.sort(), `after record ${i} (t=${t}, stream time ${streamTime})`);
    }
    assert.equal(driver.metrics().lateRecords, 0);
  });
});
