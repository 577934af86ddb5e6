import { existsSync } from 'node:fs';
import type { Logger } from '../../log.js';
import { COURSE_CLICKS_OUTPUT, COURSE_CLICKS_TABLE, SEARCH_CLICKS_TABLE } from '../../result-names.js';
import { backendOf, openStore, StoreNotFoundError, type Counter, type Store } from '../../store/index.js';
import { courseName } from '../course-names.js';
import { LatestChannel } from '../hub/channel.js';
import type { Hub } from '../hub/hub.js';
import { parseJson, ResultFormatError } from './parse.js';
import type { FeedRecord } from './topic-feed.js';

export interface CourseClicks {
  id: string;
  zh: string;
  en: string;
  clicks: number;
}

export interface CoursesView {
  /** yyyyMMdd, local time, as the row keys spell it. */
  day: string;
  courses: CourseClicks[];
  engines: { host: string; clicks: number }[];
  /** Why the store could not be read, when it could not; the page shows it. */
  storeProblem?: string;
}

/** A counter's new total, as the course-clicks job publishes it after each store commit. */
export interface CounterValue {
  table: string;
  rowKey: string;
  value: number;
}

const EXPECTED = 'counter totals like {"table":"course-clicks","rowKey":"20261121_112","count":42} (or an array of them)';

/** The job's `{table, rowKey, count}`; the store's own `{table, rowKey, value}` reads the same. */
export function parseCounterValues(value: string | null | undefined): CounterValue[] {
  const parsed = parseJson(COURSE_CLICKS_OUTPUT, EXPECTED, value);
  const list = Array.isArray(parsed) ? parsed : [parsed];
  return list.map((c: unknown) => {
    const fields = (typeof c === 'object' && c !== null ? c : {}) as Record<string, unknown>;
    const { table, rowKey } = fields;
    const v = fields.count ?? fields.value;
    if (typeof rowKey !== 'string' || typeof v !== 'number' || !Number.isFinite(v)) throw new ResultFormatError(COURSE_CLICKS_OUTPUT, EXPECTED, value);
    // The row key tells the tables apart when the job leaves the table out: day_course or day_host_course.
    const inferred = rowKey.split('_').length === 3 ? SEARCH_CLICKS_TABLE : COURSE_CLICKS_TABLE;
    return { table: typeof table === 'string' ? table : inferred, rowKey, value: v };
  });
}

export function dayOf(date: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}${p(date.getMonth() + 1)}${p(date.getDate())}`;
}

/**
 * An open store (a process that shares its own), or a store spec. A spec is opened for
 * each read and closed again, because an embedded PGlite store admits one process at a
 * time and the course-clicks job needs it far more often than the dashboard does.
 */
export type StoreSource = Store | string;

async function readDay(source: StoreSource, day: string): Promise<[Counter[], Counter[]]> {
  const scan = (store: Store) => Promise.all([store.scanCounters(COURSE_CLICKS_TABLE, `${day}_`), store.scanCounters(SEARCH_CLICKS_TABLE, `${day}_`)]);
  if (typeof source !== 'string') return scan(source);
  // A reader must not leave an empty store wherever a mistyped path points.
  if (backendOf(source) === 'pglite' && !existsSync(source)) throw new StoreNotFoundError(source);
  const store = await openStore(source);
  try {
    return await scan(store);
  } finally {
    await store.close();
  }
}

/**
 * Today's clicks per course and per search engine: read from the store when the day
 * starts (or the dashboard does), then kept live from the counter values on topic
 * `course-clicks`. Counters only grow within a day, so the larger value wins whichever
 * source delivered it first. A store that could not be read is tried again each round.
 */
export class CoursesModel {
  readonly channel: LatestChannel<CoursesView>;
  #day: string;
  #courses = new Map<string, number>();
  #search = new Map<string, number>();
  #storeProblem: string | undefined;

  constructor(
    private readonly hub: Hub,
    private readonly store: StoreSource | undefined,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.channel = hub.add(new LatestChannel<CoursesView>('courses', ['courses']));
    this.#day = dayOf(now());
    if (store === undefined) this.#storeProblem = 'the dashboard was started without a store';
    this.#publish();
  }

  /** Reads today's rows from the store. */
  async load(): Promise<void> {
    if (this.store === undefined) return;
    const day = this.#day;
    try {
      const [courses, search] = await readDay(this.store, day);
      if (day !== this.#day) return;
      for (const c of courses) this.#merge(this.#courses, c.rowKey, c.value);
      for (const c of search) this.#merge(this.#search, c.rowKey, c.value);
      this.#storeProblem = undefined;
    } catch (error) {
      const problem = error instanceof Error ? error.message : String(error);
      // Retried every round; said once.
      if (problem !== this.#storeProblem) this.logger.warn({ err: problem }, '/courses counts from topic course-clicks until the store can be read');
      this.#storeProblem = problem;
    }
    this.#publish();
  }

  /** Starts a new day when the date has changed, or retries a store that could not be read; call it now and then. */
  async rollOver(): Promise<void> {
    const today = dayOf(this.now());
    if (today === this.#day) {
      if (this.#storeProblem !== undefined) await this.load();
      return;
    }
    this.#day = today;
    this.#courses.clear();
    this.#search.clear();
    this.#publish();
    await this.load();
  }

  take(record: FeedRecord): void {
    for (const c of parseCounterValues(record.value)) {
      if (!c.rowKey.startsWith(`${this.#day}_`)) continue;
      if (c.table === COURSE_CLICKS_TABLE) this.#merge(this.#courses, c.rowKey, c.value);
      else if (c.table === SEARCH_CLICKS_TABLE) this.#merge(this.#search, c.rowKey, c.value);
    }
    this.#publish();
  }

  #merge(map: Map<string, number>, rowKey: string, value: number): void {
    if (value > (map.get(rowKey) ?? -Infinity)) map.set(rowKey, value);
  }

  #publish(): void {
    const courses = [...this.#courses].map(([rowKey, clicks]) => {
      const id = rowKey.slice(this.#day.length + 1);
      return { id, ...courseName(id), clicks };
    });
    const engines = new Map<string, number>();
    for (const [rowKey, clicks] of this.#search) {
      const host = rowKey.slice(this.#day.length + 1, rowKey.lastIndexOf('_'));
      engines.set(host, (engines.get(host) ?? 0) + clicks);
    }
    this.channel.set({
      day: this.#day,
      courses: courses.sort((a, b) => b.clicks - a.clicks || a.id.localeCompare(b.id)),
      engines: [...engines].map(([host, clicks]) => ({ host, clicks })).sort((a, b) => b.clicks - a.clicks || a.host.localeCompare(b.host)),
      ...(this.#storeProblem !== undefined && { storeProblem: this.#storeProblem }),
    });
    this.hub.changed(this.channel);
  }
}
