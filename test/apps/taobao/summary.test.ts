import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ReplaySummary } from '../../../src/apps/taobao/replay.js';
import { formatReplaySummary } from '../../../src/apps/taobao/summary.js';

const base: ReplaySummary = { queued: 9999, sent: 9999, bad: 0, passes: 1, bytesRead: 1, fileBytes: 1, elapsedMs: 2000, interrupted: false, badByReason: new Map() };

test('a clean run says what was sent where, how fast, and that nothing was bad', () => {
  assert.equal(formatReplaySummary(base, 'sex', 'bad.jsonl'), 'done: 9,999 rows sent to "sex" in 2.0 s (5,000 rows/s)\n  no bad rows');
});

test('bad rows are summed up by reason with the dead-letter path; failures and unacknowledged rows are spelt out', () => {
  const text = formatReplaySummary(
    {
      ...base,
      queued: 120,
      sent: 100,
      bad: 3,
      badByReason: new Map([
        ['expected N columns, found N', 2],
        ['user_id is not a number', 1],
      ]),
      failure: new Error('sending 20 message(s) to topic "sex" failed'),
    },
    'sex',
    'user_log.csv.dead-letter.jsonl',
  );
  assert.equal(
    text,
    [
      'failed: 100 rows sent to "sex" in 2.0 s (50 rows/s)',
      '  20 rows were queued but not acknowledged',
      '  3 bad rows skipped and written with their line numbers to user_log.csv.dead-letter.jsonl',
      '    2 × expected N columns, found N',
      '    1 × user_id is not a number',
      '  sending 20 message(s) to topic "sex" failed',
    ].join('\n'),
  );
  assert.match(formatReplaySummary({ ...base, interrupted: true }, 'sex', 'x'), /^interrupted: /);
});
