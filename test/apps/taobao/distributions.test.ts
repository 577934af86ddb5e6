import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import {
  ACTION_COUNTS,
  AGE_RANGE_COUNTS,
  DAY_PROFILE,
  EMPTY_BRAND_RATE,
  GENDER_COUNTS,
  ID_RANGES,
  MEAN_ROWS_PER_USER,
  PROVINCE_COUNTS,
  SAMPLE_ROWS,
} from '../../../src/apps/taobao/distributions.js';
import { SAMPLE, sampleMissing } from './sample.js';

/** The sample has no quoted field, so a plain split is an independent count. */
function sampleRows(): string[][] {
  const lines = readFileSync(SAMPLE, 'utf8').split('\n').filter((l) => l.trim().length > 0);
  assert.equal(lines[0]!.split(',')[0], 'user_id');
  return lines.slice(1).map((l) => l.replace(/\r$/, '').split(','));
}

function count(rows: string[][], column: number): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of rows) m.set(r[column]!, (m.get(r[column]!) ?? 0) + 1);
  return m;
}

function asMap<T>(table: ReadonlyArray<readonly [T, number]>): Map<string, number> {
  return new Map(table.map(([v, c]) => [String(v), c]));
}

test('the recorded distributions are exactly the counts of the real sample', { skip: sampleMissing }, () => {
  const rows = sampleRows();
  assert.equal(rows.length, SAMPLE_ROWS);
  assert.deepEqual(count(rows, 9), asMap(GENDER_COUNTS));
  assert.deepEqual(count(rows, 7), asMap(ACTION_COUNTS));
  assert.deepEqual(count(rows, 8), asMap(AGE_RANGE_COUNTS));
  assert.deepEqual(count(rows, 10), asMap(PROVINCE_COUNTS));

  const days = new Map<string, number>();
  for (const r of rows) days.set(`${Number(r[5])}-${Number(r[6])}`, (days.get(`${Number(r[5])}-${Number(r[6])}`) ?? 0) + 1);
  const recorded = new Map<string, number>();
  for (const { month, firstDay, counts } of DAY_PROFILE) counts.forEach((c, i) => c > 0 && recorded.set(`${month}-${firstDay + i}`, c));
  assert.deepEqual(recorded, days);

  const names = ['user_id', 'item_id', 'cat_id', 'merchant_id', 'brand_id'] as const;
  names.forEach((name, column) => {
    const values = rows.map((r) => r[column]!).filter((v) => v !== '').map(Number);
    assert.deepEqual([Math.min(...values), Math.max(...values)], [...ID_RANGES[name]], name);
  });
  assert.equal(rows.filter((r) => r[4] === '').length / rows.length, EMPTY_BRAND_RATE);
  const users = rows.filter((r, i) => i === 0 || r[0] !== rows[i - 1]![0]).length;
  assert.equal(rows.length / users, MEAN_ROWS_PER_USER);
});
