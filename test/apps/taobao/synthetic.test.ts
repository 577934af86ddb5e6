import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DeadLetterFile } from '../../../src/apps/dead-letter.js';
import { ACTION_COUNTS, AGE_RANGE_COUNTS, DAY_PROFILE, GENDER_COUNTS, PROVINCE_COUNTS } from '../../../src/apps/taobao/distributions.js';
import { replayUserLog } from '../../../src/apps/taobao/replay.js';
import { SyntheticUserLog, USER_LOG_HEADER, writeSyntheticUserLog } from '../../../src/apps/taobao/synthetic.js';
import { parseUserLogFields } from '../../../src/apps/taobao/user-log.js';
import { MemorySink } from './memory-sink.js';

const N = 30_000;

function lines(seed: number, n: number): string[] {
  const log = new SyntheticUserLog(seed);
  return Array.from({ length: n }, () => log.nextLine());
}

function shares(values: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1 / values.length);
  return m;
}

/** Largest gap between the generated share of a value and its recorded share. */
function worstGap(got: Map<string, number>, table: ReadonlyArray<readonly [unknown, number]>): number {
  const total = table.reduce((s, [, c]) => s + c, 0);
  let worst = 0;
  for (const [v, c] of table) worst = Math.max(worst, Math.abs((got.get(String(v)) ?? 0) - c / total));
  for (const v of got.keys()) assert.ok(table.some(([t]) => String(t) === v), `generated ${v}, which the sample never has`);
  return worst;
}

test('the same seed writes the same rows; another seed other rows', () => {
  assert.deepEqual(lines(5, 500), lines(5, 500));
  assert.notDeepEqual(lines(5, 500), lines(6, 500));
});

test('every row is a good user_log row of 11 columns', () => {
  for (const line of lines(11, 5000)) {
    const parsed = parseUserLogFields(line.split(','));
    assert.ok(parsed.ok, `${line}: ${parsed.ok || parsed.reason}`);
  }
});

test('gender, action, age range, province and the day profile stay within tolerance of the recorded sample', () => {
  const rows = lines(1, N).map((l) => l.split(','));
  assert.ok(worstGap(shares(rows.map((r) => r[9]!)), GENDER_COUNTS) < 0.015);
  assert.ok(worstGap(shares(rows.map((r) => r[7]!)), ACTION_COUNTS) < 0.01);
  assert.ok(worstGap(shares(rows.map((r) => r[8]!)), AGE_RANGE_COUNTS) < 0.015);
  assert.ok(worstGap(shares(rows.map((r) => r[10]!)), PROVINCE_COUNTS) < 0.006);

  const dayTable = DAY_PROFILE.flatMap(({ month, firstDay, counts }) => counts.map((c, i) => [`${month}-${firstDay + i}`, c] as const));
  const dayShares = shares(rows.map((r) => `${Number(r[5])}-${Number(r[6])}`));
  assert.ok(worstGap(dayShares, dayTable) < 0.01);
  const double11 = dayShares.get('11-11') ?? 0;
  assert.ok(Math.abs(double11 - 1930 / 9999) < 0.01, `Double 11 holds ${double11} of the rows`);
  assert.ok(!dayShares.has('8-18'), 'a day the sample has no row for never appears');
});

test('the file has the header and exactly the rows asked for, and replays without a bad row', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'streamdash-gen-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'nested', 'user_log.csv');
  const progress: number[] = [];
  const written = await writeSyntheticUserLog(file, 12_345, 3, (p) => progress.push(p.rows));
  const text = readFileSync(file, 'utf8');
  const fileLines = text.trimEnd().split('\n');
  assert.equal(fileLines[0], USER_LOG_HEADER);
  assert.equal(fileLines.length, 12_346);
  assert.equal(written.rows, 12_345);
  assert.equal(written.bytes, Buffer.byteLength(text));
  assert.equal(progress.at(-1), 12_345);

  const deadLetter = new DeadLetterFile(join(dir, 'bad.jsonl'));
  const sink = new MemorySink();
  const summary = await replayUserLog({ file, topic: 'sex', format: 'gender', rate: 0, deadLetter }, sink);
  assert.equal(summary.sent, 12_345);
  assert.equal(summary.bad, 0);
  assert.deepEqual(sink.values, fileLines.slice(1).map((l) => l.split(',')[9]));
});
