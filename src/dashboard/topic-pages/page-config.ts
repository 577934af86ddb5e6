/** Where a point's time comes from: the record's timestamp, or a field of its value (epoch ms or an ISO date). */
export type PageTime = { readonly from: 'timestamp' } | { readonly from: 'field'; readonly field: string };

export interface FieldSeries {
  readonly field: string;
  /** What the legend says; default: the field. */
  readonly name: string;
  /** A CSS hex colour; default: one of the dashboard's palette. */
  readonly color?: string;
}

/** Either one series per named field, or one per value of a field (`splitBy`), each charting `value`. */
export type PageSeries =
  | { readonly kind: 'fields'; readonly fields: readonly FieldSeries[] }
  | { readonly kind: 'split'; readonly splitBy: string; readonly value: string };

export const CHART_KINDS = ['line', 'bar', 'pie', 'number'] as const;
export type ChartKind = (typeof CHART_KINDS)[number];

/** How bar, pie and number turn a series' points in the window into one figure. */
export const REDUCERS = ['last', 'sum', 'avg', 'max', 'min'] as const;
export type Reducer = (typeof REDUCERS)[number];

export interface PageConfig {
  /** The page is served at /p/<name>. */
  readonly name: string;
  readonly title: string;
  readonly topic: string;
  readonly time: PageTime;
  readonly series: PageSeries;
  readonly chart: ChartKind;
  readonly reduce: Reducer;
  /** How far back the page reaches, ms: the chart's span and the history read from the topic. */
  readonly windowMs: number;
}

const KEYS = ['name', 'title', 'topic', 'time', 'series', 'chart', 'reduce', 'window'] as const;
const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const HEX_COLOR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;
const MIN_WINDOW_MS = 1000;
const MAX_WINDOW_MS = 7 * 24 * 3_600_000;
const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** A page config that cannot be served; the message names the file and the key at fault. */
export class PageConfigError extends Error {
  constructor(
    readonly source: string,
    readonly key: string,
    problem: string,
  ) {
    super(`page config ${source}: "${key}" ${problem} (see docs/dashboard.md, "Charts for any topic")`);
    this.name = 'PageConfigError';
  }
}

const shown = (value: unknown): string => (value === undefined ? 'nothing' : JSON.stringify(value));

/**
 * Checks a parsed page config and fills in its defaults. `defaultName` (the file's base
 * name) is the page's name when the config gives none. Unknown keys are refused, so a
 * misspelt one is reported instead of silently meaning its default.
 */
export function parsePageConfig(raw: unknown, source: string, defaultName: string): PageConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new PageConfigError(source, '(top level)', `must be a JSON object; got ${shown(raw)}`);
  const config = raw as Record<string, unknown>;
  for (const key of Object.keys(config)) {
    if (!(KEYS as readonly string[]).includes(key)) throw new PageConfigError(source, key, `is not a page config key; the keys are ${KEYS.join(', ')}`);
  }
  const text = (key: string, value: unknown): string => {
    if (typeof value !== 'string' || value.trim() === '') throw new PageConfigError(source, key, `must be a non-empty string; got ${shown(value)}`);
    return value;
  };
  const oneOf = <T extends string>(key: string, value: unknown, allowed: readonly T[], fallback: T): T => {
    if (value === undefined) return fallback;
    if (!allowed.includes(value as T)) throw new PageConfigError(source, key, `must be one of ${allowed.join(', ')}; got ${shown(value)}`);
    return value as T;
  };

  const name = config.name === undefined ? defaultName : text('name', config.name);
  if (!NAME.test(name)) {
    const whose = config.name === undefined ? `(taken from the file name, as "name" is not given) ` : '';
    throw new PageConfigError(source, 'name', `${whose}must be letters, digits, "-" or "_" (at most 64), as it is the page's address /p/<name>; got ${shown(name)}`);
  }
  const topic = text('topic', config.topic);
  return {
    name,
    title: config.title === undefined ? topic : text('title', config.title),
    topic,
    time: parseTime(source, config.time),
    series: parseSeries(source, config.series),
    chart: oneOf('chart', config.chart, CHART_KINDS, 'line'),
    reduce: oneOf('reduce', config.reduce, REDUCERS, 'last'),
    windowMs: parseWindow(source, config.window),
  };
}

function parseTime(source: string, value: unknown): PageTime {
  if (value === undefined || value === 'timestamp') return { from: 'timestamp' };
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const { field, ...rest } = value as Record<string, unknown>;
    const extra = Object.keys(rest)[0];
    if (extra !== undefined) throw new PageConfigError(source, `time.${extra}`, 'is not a key of "time"; give {"field": "<name>"}');
    if (typeof field === 'string' && field !== '') return { from: 'field', field };
    throw new PageConfigError(source, 'time.field', `must name a field of the value; got ${shown(field)}`);
  }
  throw new PageConfigError(source, 'time', `must be "timestamp" (the record's) or {"field": "<name>"}; got ${shown(value)}`);
}

function parseSeries(source: string, value: unknown): PageSeries {
  if (Array.isArray(value)) {
    if (value.length === 0) throw new PageConfigError(source, 'series', 'must list at least one field');
    const fields = value.map((entry, i): FieldSeries => {
      if (typeof entry === 'string' && entry !== '') return { field: entry, name: entry };
      if (typeof entry === 'object' && entry !== null && !Array.isArray(entry)) {
        const { field, name, color, ...rest } = entry as Record<string, unknown>;
        const extra = Object.keys(rest)[0];
        if (extra !== undefined) throw new PageConfigError(source, `series[${i}].${extra}`, 'is not a key of a series; give "field" and, if you like, "name" and "color"');
        if (typeof field !== 'string' || field === '') throw new PageConfigError(source, `series[${i}].field`, `must name a field of the value; got ${shown(field)}`);
        if (name !== undefined && (typeof name !== 'string' || name === '')) throw new PageConfigError(source, `series[${i}].name`, `must be a non-empty string; got ${shown(name)}`);
        if (color !== undefined && (typeof color !== 'string' || !HEX_COLOR.test(color))) throw new PageConfigError(source, `series[${i}].color`, `must be a hex colour such as "#e0528f"; got ${shown(color)}`);
        return { field, name: name ?? field, ...(color !== undefined && { color }) };
      }
      throw new PageConfigError(source, `series[${i}]`, `must be a field name or {"field": …, "name": …, "color": …}; got ${shown(entry)}`);
    });
    const names = new Set<string>();
    fields.forEach((f, i) => {
      if (names.has(f.name)) throw new PageConfigError(source, `series[${i}]`, `repeats the series name ${shown(f.name)}; give each a different "name"`);
      names.add(f.name);
    });
    return { kind: 'fields', fields };
  }
  if (typeof value === 'object' && value !== null) {
    const { splitBy, value: valueField, ...rest } = value as Record<string, unknown>;
    const extra = Object.keys(rest)[0];
    if (extra !== undefined) throw new PageConfigError(source, `series.${extra}`, 'is not a key of a split series; give "splitBy" and "value"');
    if (typeof splitBy !== 'string' || splitBy === '') throw new PageConfigError(source, 'series.splitBy', `must name the field whose values name the series; got ${shown(splitBy)}`);
    if (typeof valueField !== 'string' || valueField === '') throw new PageConfigError(source, 'series.value', `must name the field to chart; got ${shown(valueField)}`);
    return { kind: 'split', splitBy, value: valueField };
  }
  throw new PageConfigError(source, 'series', `must be a list of fields or {"splitBy": …, "value": …}; got ${shown(value)}`);
}

/** "30s", "5m", "2h", "1d", "500ms" or a number of ms; default 5 minutes. */
function parseWindow(source: string, value: unknown): number {
  if (value === undefined) return 5 * 60_000;
  let ms: number | undefined;
  if (typeof value === 'number') ms = value;
  else if (typeof value === 'string') {
    const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/.exec(value.trim());
    if (match) ms = Number(match[1]) * UNITS[match[2]!]!;
  }
  if (ms === undefined || !Number.isFinite(ms)) throw new PageConfigError(source, 'window', `must be a duration such as "30s", "5m" or "1h"; got ${shown(value)}`);
  if (ms < MIN_WINDOW_MS || ms > MAX_WINDOW_MS) throw new PageConfigError(source, 'window', `must be between 1s and 7d; got ${shown(value)}`);
  return ms;
}
