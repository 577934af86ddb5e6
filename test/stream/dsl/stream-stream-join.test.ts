import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StreamBuilder } from '../../../src/stream/dsl/stream-builder.js';
import { TestDriver } from '../../../src/stream/testing/test-driver.js';
import { JoinWindows } from '../../../src/stream/windows.js';
import { NotCoPartitionedError, TopologyError } from '../../../src/stream/errors.js';
import { serdes } from '../../../src/stream/serde.js';
import { forSeeds, mulberry32, randomInt } from '../prng.js';

type Kind = 'join' | 'leftJoin' | 'outerJoin';

/** clicks joined with views by key, within `windows`; the output value is `click+view`, a missing side written as "-". */
function driverFor(kind: Kind, windows: JoinWindows, partitions: Record<string, number> = {}): TestDriver {
  const b = new StreamBuilder();
  const clicks = b.stream('clicks');
  const views = b.stream('views');
  const joiner = (click: string | null, view: string | null): string => `${click ?? '-'}+${view ?? '-'}`;
  const joined = kind === 'join' ? clicks.join(views, joiner, windows) : kind === 'leftJoin' ? clicks.leftJoin(views, joiner, windows) : clicks.outerJoin(views, joiner, windows);
  joined.to('out');
  return new TestDriver(b.build(), { partitions });
}

const out = (driver: TestDriver) => driver.output('out').map((r) => [r.key, r.value, r.timestamp]);

test('inner join: records of one key within the time difference pair once each, at the later timestamp, in either arrival order', () => {
  const driver = driverFor('join', JoinWindows.ofTimeDifferenceWithNoGrace(10));
  driver.pipe('clicks', [{ key: 'u1', value: 'c1', timestamp: 100 }]);
  driver.pipe('views', [
    { key: 'u1', value: 'v1', timestamp: 105 },
    { key: 'u2', value: 'v2', timestamp: 105 },
    { key: 'u1', value: 'v3', timestamp: 111 },
  ]);
  driver.pipe('clicks', [{ key: 'u1', value: 'c2', timestamp: 110 }]);
  assert.deepEqual(out(driver), [
    ['u1', 'c1+v1', 105],
    ['u1', 'c2+v1', 110],
    ['u1', 'c2+v3', 111],
  ]);
});

test('without grace a record older than stream time minus the difference is late and dropped; with grace it still joins', () => {
  for (const [windows, expected] of [
    [JoinWindows.ofTimeDifferenceWithNoGrace(10), []],
    [JoinWindows.ofTimeDifferenceAndGrace(10, 50), [['u1', 'c0+v1', 100]]],
  ] as const) {
    const driver = driverFor('join', windows);
    driver.pipe('views', [{ key: 'u1', value: 'v1', timestamp: 100 }]);
    driver.pipe('views', [{ key: 'u9', value: 'v9', timestamp: 130 }]);
    driver.pipe('clicks', [{ key: 'u1', value: 'c0', timestamp: 95 }]);
    assert.deepEqual(out(driver), expected);
    assert.equal(driver.metrics().lateRecords, expected.length === 0 ? 1 : 0);
  }
});

test('left join: an unmatched click is emitted with null once its window (timestamp + difference + grace) has closed, before the record that closed it', () => {
  const driver = driverFor('leftJoin', JoinWindows.ofTimeDifferenceAndGrace(10, 5));
  driver.pipe('clicks', [
    { key: 'u1', value: 'c1', timestamp: 100 },
    { key: 'u2', value: 'c2', timestamp: 101 },
  ]);
  driver.pipe('views', [{ key: 'u2', value: 'v2', timestamp: 108 }]);
  // Stream time 115 = 100 + 10 + 5: c1's window is still open.
  driver.pipe('views', [{ key: 'u3', value: 'v3', timestamp: 115 }]);
  assert.deepEqual(out(driver), [['u2', 'c2+v2', 108]]);
  driver.pipe('clicks', [{ key: 'u3', value: 'c3', timestamp: 116 }]);
  assert.deepEqual(out(driver), [
    ['u2', 'c2+v2', 108],
    ['u1', 'c1+-', 100],
    ['u3', 'c3+v3', 116],
  ]);
  // Views alone are never emitted by a left join, and c2, matched, is not emitted alone.
  driver.pipe('clicks', [{ key: 'u4', value: 'c4', timestamp: 500 }]);
  assert.deepEqual(out(driver).slice(3), []);
});

test('outer join: unmatched records of both sides are emitted when their windows close, oldest first; a keyless record at once', () => {
  const driver = driverFor('outerJoin', JoinWindows.ofTimeDifferenceWithNoGrace(10));
  driver.pipe('views', [{ key: 'u1', value: 'v1', timestamp: 100 }]);
  driver.pipe('clicks', [{ key: 'u2', value: 'c2', timestamp: 100 }]);
  driver.pipe('clicks', [{ key: null, value: 'c0', timestamp: 101 }]);
  driver.pipe('views', [{ key: 'u3', value: 'v3', timestamp: 111 }]);
  assert.deepEqual(out(driver), [
    [null, 'c0+-', 101],
    ['u2', 'c2+-', 100],
    ['u1', '-+v1', 100],
  ]);
});

test('the join state survives a crash: restored stores and stream time give the same results as an uninterrupted run', () => {
  const run = (crash: boolean) => {
    const driver = driverFor('leftJoin', JoinWindows.ofTimeDifferenceAndGrace(10, 10));
    driver.pipe('clicks', [{ key: 'u1', value: 'c1', timestamp: 100 }, { key: 'u2', value: 'c2', timestamp: 102 }]);
    driver.checkpoint();
    driver.pipe('views', [{ key: 'u2', value: 'v2', timestamp: 104 }]);
    if (crash) driver.crashAndRestart();
    driver.pipe('views', [{ key: 'u1', value: 'v1', timestamp: 108 }, { key: 'u5', value: 'v5', timestamp: 200 }]);
    driver.pipe('clicks', [{ key: 'u2', value: 'c3', timestamp: 201 }]);
    driver.pipe('views', [{ key: 'u9', value: 'v9', timestamp: 300 }]);
    return out(driver);
  };
  const expected = [
    ['u2', 'c2+v2', 104],
    ['u1', 'c1+v1', 108],
    ['u2', 'c3+-', 201],
  ];
  assert.deepEqual(run(false), expected);
  // Re-processing after the crash sends c2+v2 a second time (at-least-once), and nothing else changes.
  assert.deepEqual(run(true), [['u2', 'c2+v2', 104], ...expected]);
});

test('a stream re-keyed before the join reads through <name>-left-repartition, named after StreamJoined, and then joins', () => {
  const b = new StreamBuilder();
  const clicks = b.stream('clicks').keyBy((v): string | null => v.split(':')[0]!);
  clicks
    .join(b.stream('views'), (c, v) => `${c}|${v}`, JoinWindows.ofTimeDifferenceWithNoGrace(1000), { name: 'cv', keySerde: serdes.string })
    .to('out');
  const topology = b.build();
  const plan = topology.plan({ applicationId: 'app', partitions: () => 3 });
  assert.deepEqual(
    plan.internalTopics.map((t) => [t.name, t.partitions]),
    [['app-sub-0-changelog', 3], ['app-cv-left-repartition', 3], ['app-sub-1-changelog', 3]],
  );
  assert.match(topology.describe(), /stores: cv-left-store \(window\), cv-right-store \(window\)/);
  const driver = new TestDriver(topology, { partitions: { clicks: 3, views: 3 } });
  driver.pipe('views', [{ key: 'u1', value: 'v1', timestamp: 0 }, { key: 'u2', value: 'v2', timestamp: 0 }]);
  driver.pipe('clicks', [{ key: 'x', value: 'u1:c1', timestamp: 10 }, { key: 'y', value: 'u2:c2', timestamp: 20 }]);
  // The repartition topic's key serde is the views topic's (UTF-8), so each re-keyed click lands in its view's partition.
  assert.deepEqual(out(driver), [['u1', 'u1:c1|v1', 10], ['u2', 'u2:c2|v2', 20]]);
});

test('a stream–stream join without JoinWindows is refused with what to pass', () => {
  const b = new StreamBuilder();
  const views = b.stream('views');
  const join = b.stream('clicks').join as (...args: unknown[]) => unknown;
  assert.throws(() => join.call(b.stream('x'), views, () => 1), (e: unknown) => e instanceof TopologyError && /JoinWindows\.ofTimeDifference/.test(e.message));
});

test('property: an inner join with ample grace equals all same-key pairs within the difference, by brute force', () => {
  forSeeds([1, 2, 3, 4, 5, 6], (seed) => {
    const random = mulberry32(seed);
    const driver = driverFor('join', JoinWindows.ofTimeDifferenceAndGrace(20, 1_000_000), { clicks: 2, views: 2 });
    const seen: Array<{ side: 'clicks' | 'views'; key: string; value: string; timestamp: number }> = [];
    for (let i = 0; i < 150; i++) {
      const side = random() < 0.5 ? 'clicks' : 'views';
      const record = { side, key: `k${randomInt(random, 0, 4)}`, value: `${side[0]}${i}`, timestamp: randomInt(random, 0, 400) } as const;
      seen.push(record);
      driver.pipe(side, [record]);
    }
    const expected: string[] = [];
    for (const c of seen.filter((r) => r.side === 'clicks')) {
      for (const v of seen.filter((r) => r.side === 'views' && r.key === c.key && Math.abs(r.timestamp - c.timestamp) <= 20)) {
        expected.push(`${c.key} ${c.value}+${v.value} ${Math.max(c.timestamp, v.timestamp)}`);
      }
    }
    const actual = driver.output('out').map((r) => `${String(r.key)} ${String(r.value)} ${r.timestamp}`);
    assert.deepEqual(actual.sort(), expected.sort());
  });
});

test('property: left and outer joins equal the brute-force pairs plus each record without a partner, once all windows closed', () => {
  forSeeds([11, 12, 13, 14, 15, 16], (seed) => {
    for (const kind of ['leftJoin', 'outerJoin'] as const) {
      const random = mulberry32(seed);
      const driver = driverFor(kind, JoinWindows.ofTimeDifferenceAndGrace(15, 100), { clicks: 2, views: 2 });
      const seen: Array<{ side: 'clicks' | 'views'; key: string; value: string; timestamp: number }> = [];
      for (let i = 0; i < 120; i++) {
        const side = random() < 0.5 ? 'clicks' : 'views';
        // In order up to the grace: timestamps rise, with jitter smaller than the grace.
        const record = { side, key: `k${randomInt(random, 0, 5)}`, value: `${side[0]}${i}`, timestamp: i * 5 + randomInt(random, 0, 60) } as const;
        seen.push(record);
        driver.pipe(side, [record]);
      }
      // One record per partition far in the future closes every window of both tasks.
      driver.pipe('clicks', [0, 1].map((partition) => ({ key: 'end', value: 'end', timestamp: 1_000_000, partition })));
      const partner = (r: (typeof seen)[number]) => seen.filter((o) => o.side !== r.side && o.key === r.key && Math.abs(o.timestamp - r.timestamp) <= 15);
      const expected: string[] = [];
      for (const c of seen.filter((r) => r.side === 'clicks')) {
        for (const v of partner(c)) expected.push(`${c.key} ${c.value}+${v.value} ${Math.max(c.timestamp, v.timestamp)}`);
        if (partner(c).length === 0) expected.push(`${c.key} ${c.value}+- ${c.timestamp}`);
      }
      if (kind === 'outerJoin') {
        for (const v of seen.filter((r) => r.side === 'views' && partner(r).length === 0)) expected.push(`${v.key} -+${v.value} ${v.timestamp}`);
      }
      const actual = driver.output('out').map((r) => `${String(r.key)} ${String(r.value)} ${r.timestamp}`);
      assert.deepEqual(actual.sort(), expected.sort(), `${kind}, seed ${seed}`);
      assert.equal(driver.metrics().lateRecords, 0, 'the jitter stays within the grace');
    }
  });
});

test('streams whose topics differ in partition count are refused as not co-partitioned', () => {
  assert.throws(
    () => driverFor('join', JoinWindows.ofTimeDifferenceWithNoGrace(5), { clicks: 2, views: 3 }),
    (e: unknown) => e instanceof NotCoPartitionedError && /^the join "stream-join-\d+" reads clicks \(2 partitions\), views \(3 partitions\)/.test(e.message),
  );
});
