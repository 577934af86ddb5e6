import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Random, WeightedPicker } from '../random.js';
import {
  ACTION_COUNTS,
  AGE_RANGE_COUNTS,
  DAY_PROFILE,
  EMPTY_BRAND_RATE,
  GENDER_COUNTS,
  ID_RANGES,
  MEAN_ROWS_PER_USER,
  PROVINCE_COUNTS,
} from './distributions.js';
import { USER_LOG_COLUMNS } from './user-log.js';

export const USER_LOG_HEADER = USER_LOG_COLUMNS.join(',');

const gender = new WeightedPicker(GENDER_COUNTS);
const action = new WeightedPicker(ACTION_COUNTS);
const ageRange = new WeightedPicker(AGE_RANGE_COUNTS);
const province = new WeightedPicker(PROVINCE_COUNTS);
const day = new WeightedPicker(
  DAY_PROFILE.flatMap(({ month, firstDay, counts }) =>
    counts.map((count, i) => [`${pad(month)},${pad(firstDay + i)}`, count] as const),
  ),
);

/**
 * Rows shaped like the real user_log.csv: gender, action, age range, province
 * and the day-of-year profile (with its Double-11 spike) follow the recorded
 * sample counts; ids are uniform over the sample's ranges, and rows come in
 * runs per user as the real, user-sorted log does. The same seed always gives
 * the same rows.
 */
export class SyntheticUserLog {
  readonly #random: Random;
  #user = 0;
  #userRowsLeft = 0;

  constructor(seed: number) {
    this.#random = new Random(seed);
  }

  /** The next row as a CSV line, without a line ending. */
  nextLine(): string {
    const r = this.#random;
    if (this.#userRowsLeft === 0) {
      this.#user = r.between(...ID_RANGES.user_id);
      this.#userRowsLeft = 1 + Math.floor(-Math.log(1 - r.next()) * MEAN_ROWS_PER_USER);
    }
    this.#userRowsLeft--;
    const brand = r.next() < EMPTY_BRAND_RATE ? '' : String(r.between(...ID_RANGES.brand_id));
    return `${this.#user},${r.between(...ID_RANGES.item_id)},${r.between(...ID_RANGES.cat_id)},${r.between(...ID_RANGES.merchant_id)},${brand},${day.pick(r)},${action.pick(r)},${ageRange.pick(r)},${gender.pick(r)},${province.pick(r)}`;
  }
}

export interface WriteProgress {
  rows: number;
  bytes: number;
}

/** Writes a header and `rows` synthetic rows to `path`, streaming, so any row count fits in memory. */
export async function writeSyntheticUserLog(
  path: string,
  rows: number,
  seed: number,
  onProgress?: (progress: WriteProgress) => void,
): Promise<WriteProgress> {
  await mkdir(dirname(path), { recursive: true });
  const log = new SyntheticUserLog(seed);
  const progress: WriteProgress = { rows: 0, bytes: 0 };
  async function* chunks(): AsyncGenerator<string> {
    const header = USER_LOG_HEADER + '\n';
    progress.bytes += Buffer.byteLength(header);
    yield header;
    while (progress.rows < rows) {
      const n = Math.min(5000, rows - progress.rows);
      const lines = new Array<string>(n);
      for (let i = 0; i < n; i++) lines[i] = log.nextLine();
      const text = lines.join('\n') + '\n';
      progress.rows += n;
      progress.bytes += Buffer.byteLength(text);
      onProgress?.(progress);
      yield text;
    }
  }
  await pipeline(Readable.from(chunks()), createWriteStream(path));
  return progress;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
