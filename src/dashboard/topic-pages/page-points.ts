import type { FeedRecord } from '../feeds/topic-feed.js';
import type { PageConfig } from './page-config.js';

/** The values of every series at one time, epoch ms. */
export interface PagePoint {
  readonly t: number;
  readonly v: Readonly<Record<string, number>>;
}

/** A record of a topic page's topic that gives no point; the feed logs it and goes on. */
export class PageRecordError extends Error {
  constructor(page: PageConfig, problem: string) {
    super(`a message on topic "${page.topic}" does not fit page "${page.name}": ${problem}; fix the page config or what writes the topic`);
    this.name = 'PageRecordError';
  }
}

type Row = Readonly<Record<string, unknown>>;

const isRow = (value: unknown): value is Row => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A field by its name, or else by a dotted path into nested objects ("window.start"). */
function fieldOf(row: Row, field: string): unknown {
  // Own fields only: "toString" or "__proto__" in a config names data, not what every object inherits.
  if (Object.hasOwn(row, field)) return row[field];
  let at: unknown = row;
  for (const part of field.split('.')) {
    if (!isRow(at) || !Object.hasOwn(at, part)) return undefined;
    at = at[part];
  }
  return at;
}

/** A number, or a string that is one (as some jobs write counts); anything else charts nothing. */
function numberOf(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

function timeOf(page: PageConfig, record: FeedRecord, row: Row): number {
  if (page.time.from === 'timestamp') return record.timestamp;
  const value = fieldOf(row, page.time.field);
  const t = typeof value === 'string' && numberOf(value) === undefined ? Date.parse(value) : numberOf(value);
  if (t === undefined || !Number.isFinite(t)) throw new PageRecordError(page, `the time field "${page.time.field}" is ${JSON.stringify(value) ?? 'missing'}, not epoch ms or a date`);
  return t;
}

/**
 * The points one record gives, one per distinct time. With fields, the value is one
 * object, or a list of objects read as one (the seeds' `[{"0":3},{"1":6}]`); a field
 * it lacks gives no point. Split by a field, the value is one row or a list of rows.
 */
export function pointsOf(page: PageConfig, record: FeedRecord): PagePoint[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(record.value);
  } catch {
    throw new PageRecordError(page, 'the value is not JSON');
  }
  const rows = Array.isArray(parsed) ? parsed : [parsed];
  if (!rows.every(isRow)) throw new PageRecordError(page, 'the value is neither a JSON object nor a list of objects');
  // Maps, then fromEntries (own properties only), so a series may be called anything, "__proto__" included.
  const byTime = new Map<number, Map<string, number>>();
  const add = (t: number, name: string, n: number) => {
    const values = byTime.get(t) ?? new Map<string, number>();
    values.set(name, n);
    byTime.set(t, values);
  };
  const series = page.series;
  if (series.kind === 'fields') {
    const merged: Row = Object.assign({}, ...rows);
    const t = timeOf(page, record, merged);
    for (const { field, name } of series.fields) {
      const n = numberOf(fieldOf(merged, field));
      if (n !== undefined) add(t, name, n);
    }
  } else {
    for (const row of rows) {
      const name = fieldOf(row, series.splitBy);
      const n = numberOf(fieldOf(row, series.value));
      if ((typeof name === 'string' || typeof name === 'number') && n !== undefined) add(timeOf(page, record, row), String(name), n);
    }
  }
  if (byTime.size === 0) {
    const wanted =
      series.kind === 'fields'
        ? `a number in none of the fields ${series.fields.map((f) => JSON.stringify(f.field)).join(', ')}`
        : `no row with "${series.splitBy}" and a number in "${series.value}"`;
    throw new PageRecordError(page, `it has ${wanted}`);
  }
  return [...byTime].map(([t, v]) => ({ t, v: Object.fromEntries(v) }));
}
