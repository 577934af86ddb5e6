import assert from 'node:assert/strict';
import type { KafkaRecord } from '../../../src/protocol/records/record.js';
import { WINDOW_END_HEADER, WINDOW_START_HEADER } from '../../../src/stream/runtime/window-headers.js';
import { mulberry32 } from '../../stream/prng.js';
import { headerOf, lastByKey } from '../../stream/runtime/topic-reading.js';

export type GenderSums = Record<'0' | '1' | '2', number>;

export interface GenderInput {
  readonly values: string[];
  readonly expected: GenderSums;
  readonly empty: number;
  readonly malformed: number;
}

/** Mostly genders, with empty values (dropped) and a few that are not genders (dead-lettered). */
export function genderInput(seed: number, count: number): GenderInput {
  const random = mulberry32(seed);
  const expected: GenderSums = { '0': 0, '1': 0, '2': 0 };
  const values: string[] = [];
  let empty = 0;
  let malformed = 0;
  for (let i = 0; i < count; i++) {
    const r = random();
    if (r < 0.04) {
      values.push('');
      empty++;
    } else if (r < 0.05) {
      values.push(r < 0.045 ? 'x' : ' 1');
      malformed++;
    } else {
      const g = r < 0.45 ? '0' : r < 0.9 ? '1' : '2';
      values.push(g);
      expected[g]++;
    }
  }
  return { values, expected, empty, malformed };
}

/**
 * Sums each gender over the last result of every window: a window emitted again after a
 * restart replaces the earlier one, as results keyed by window are meant to be read.
 * Checks every result's shape on the way: the seed's JSON, the window in key and headers.
 */
export function sumResults(records: readonly KafkaRecord[], windowMs: number): GenderSums {
  const sums: GenderSums = { '0': 0, '1': 0, '2': 0 };
  for (const [key, record] of lastByKey(records)) {
    const window = JSON.parse(key) as { start: number; end: number };
    assert.equal(window.end - window.start, windowMs, `window ${key}`);
    assert.equal(headerOf(record, WINDOW_START_HEADER), String(window.start));
    assert.equal(headerOf(record, WINDOW_END_HEADER), String(window.end));
    const text = record.value!.toString('utf8');
    assert.match(text, /^\[(\{"[012]":\d+\})(,\{"[012]":\d+\})*\]$/, 'the seed format: an array of one-key objects');
    for (const entry of JSON.parse(text) as Array<Record<string, number>>) {
      for (const [gender, n] of Object.entries(entry)) sums[gender as keyof GenderSums] += n;
    }
  }
  return sums;
}

export const reached = (sums: GenderSums, expected: GenderSums): boolean =>
  sums['0'] >= expected['0'] && sums['1'] >= expected['1'] && sums['2'] >= expected['2'];
