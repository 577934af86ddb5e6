import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EMPTY_DROPPED, GENDER_DEAD_LETTERS, genderJob } from '../../../src/apps/gender/gender-job.js';
import { DEAD_LETTERED, type DeadLetter } from '../../../src/stream/runtime/dead-letters.js';
import { TestDriver } from '../../../src/stream/testing/test-driver.js';

const values = (driver: TestDriver) => driver.output('result').map((r) => r.value);

test('gender: one message per second in the seed format, every gender seen so far, 0 for a quiet one; nothing before the first record', () => {
  const job = genderJob();
  const driver = new TestDriver(job.topology, { startTime: 10_000 });
  driver.advanceProcessingTime(3000);
  assert.deepEqual(values(driver), [], 'before the first record, nothing');
  driver.pipe('sex', ['1', '0', '1', '2'].map((value) => ({ value })));
  driver.advanceProcessingTime(1000);
  driver.pipe('sex', [{ value: '1' }]);
  driver.advanceProcessingTime(1000);
  driver.advanceProcessingTime(1000);
  assert.deepEqual(values(driver), [
    [{ '0': 1 }, { '1': 2 }, { '2': 1 }],
    [{ '0': 0 }, { '1': 1 }, { '2': 0 }],
    [{ '0': 0 }, { '1': 0 }, { '2': 0 }],
  ]);
  assert.deepEqual(
    driver.output('result').map((r) => r.key),
    [13_000, 14_000, 15_000].map((start) => ({ start, end: start + 1000 })),
    'the window is the key',
  );
});

test('gender: empty values are dropped and counted; other non-genders go to the dead-letter topic with where they came from', () => {
  const job = genderJob();
  const driver = new TestDriver(job.topology);
  driver.pipe('sex', ['0', '', 'x', '', '3', '1'].map((value) => ({ value })));
  driver.advanceProcessingTime(1000);
  assert.deepEqual(values(driver), [[{ '0': 1 }, { '1': 1 }]]);
  assert.deepEqual(job.counters!(), { [EMPTY_DROPPED]: 2, [DEAD_LETTERED]: 2 });
  const letters = driver.output(GENDER_DEAD_LETTERS).map((r) => r.value as DeadLetter);
  assert.deepEqual(letters.map((l) => [l.text, l.topic, l.partition, l.offset]), [['x', 'sex', 0, 2], ['3', 'sex', 0, 4]]);
  assert.ok(letters.every((l) => l.job === 'gender' && l.reason.includes('"0", "1" or "2"')));
});

test('gender: --window 5s --slide 1s counts the last five seconds every second', () => {
  const driver = new TestDriver(genderJob({ window: '5s', slide: '1s' }).topology);
  for (let second = 0; second < 6; second++) {
    driver.pipe('sex', [{ value: '1' }]);
    driver.advanceProcessingTime(1000);
  }
  assert.deepEqual(values(driver).map((rows) => (rows as Array<Record<string, number>>)[0]!['1']), [1, 2, 3, 4, 5, 5]);
});

test('gender: --event-time windows by the records’ timestamps, whatever the processing time', () => {
  const driver = new TestDriver(genderJob({ eventTime: true }).topology);
  driver.pipe('sex', [
    { value: '0', timestamp: 100 },
    { value: '1', timestamp: 900 },
    { value: '1', timestamp: 1100 },
    { value: '2', timestamp: 2500 },
  ]);
  assert.deepEqual(
    driver.output('result').map((r) => [r.key, r.value]),
    [
      [{ start: 0, end: 1000 }, [{ '0': 1 }, { '1': 1 }]],
      [{ start: 1000, end: 2000 }, [{ '0': 0 }, { '1': 1 }]],
    ],
  );
});
