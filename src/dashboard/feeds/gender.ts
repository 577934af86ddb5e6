import { GENDER_OUTPUT } from '../../result-names.js';
import { LatestChannel, SeriesChannel } from '../hub/channel.js';
import type { Hub } from '../hub/hub.js';
import { pairsOf, parseJson, ResultFormatError } from './parse.js';
import { recordWindow } from './record-window.js';
import type { FeedRecord } from './topic-feed.js';

/** Shoppers of one window: the seeds' "0" girls (女生), "1" boys (男生), "2" unknown. */
export interface GenderWindow {
  start: number;
  end: number;
  girls: number;
  boys: number;
  unknown: number;
}

export interface GenderTotals {
  girls: number;
  boys: number;
  unknown: number;
  windows: number;
  /** Start of the first window counted, epoch ms; 0 before any. */
  since: number;
}

const EXPECTED = 'the gender job\'s JSON, e.g. [{"0":3},{"1":6},{"2":1}]';

/** Reads a `result` value; a gender absent from a window had no shopper in it. */
export function parseGenderCounts(value: string | null | undefined): Pick<GenderWindow, 'girls' | 'boys' | 'unknown'> {
  const pairs = pairsOf(parseJson(GENDER_OUTPUT, EXPECTED, value));
  if (pairs === undefined) throw new ResultFormatError(GENDER_OUTPUT, EXPECTED, value);
  const counts = { girls: 0, boys: 0, unknown: 0 };
  for (const [gender, n] of pairs) {
    if (gender === '0') counts.girls = n;
    else if (gender === '1') counts.boys = n;
    else if (gender === '2') counts.unknown = n;
  }
  return counts;
}

/**
 * The seed's chart: shoppers per second by gender, the totals since the first window in
 * the topic, and the seeds' own `test_message` event for pages written for the Flask app.
 */
export class GenderModel {
  readonly series: SeriesChannel<GenderWindow>;
  readonly totals: LatestChannel<GenderTotals>;
  /** What the seeds' app.py emits: `{data: "girls,boys"}` for the newest window. */
  readonly seeds: LatestChannel<GenderWindow>;
  #totals: GenderTotals = { girls: 0, boys: 0, unknown: 0, windows: 0, since: 0 };

  constructor(
    private readonly hub: Hub,
    historyMs: number,
  ) {
    this.series = hub.add(new SeriesChannel<GenderWindow>('gender', ['taobao'], { span: historyMs, maxItems: Math.ceil(historyMs / 1000) * 2 }));
    this.totals = hub.add(new LatestChannel<GenderTotals>('gender-totals', ['taobao']));
    this.seeds = hub.add(
      new LatestChannel<GenderWindow>('seeds', ['seeds'], (w) => ({ event: 'test_message', payload: { data: `${w.girls},${w.boys}` } })),
    );
  }

  take(record: FeedRecord): void {
    const counts = parseGenderCounts(record.value);
    const { start, end } = recordWindow(record);
    const window: GenderWindow = { start, end, ...counts };
    // A window written again (a job restarted and re-emitted it) replaces the first one in the totals too.
    const previous = this.series.get(start);
    const t = this.#totals;
    if (previous) {
      t.girls -= previous.girls;
      t.boys -= previous.boys;
      t.unknown -= previous.unknown;
    } else {
      t.windows++;
    }
    t.girls += window.girls;
    t.boys += window.boys;
    t.unknown += window.unknown;
    if (t.since === 0 || start < t.since) t.since = start;
    const newest = this.series.last === undefined || start >= this.series.last.start;
    this.series.put(start, window);
    this.totals.set({ ...t });
    this.hub.changed(this.series);
    this.hub.changed(this.totals);
    if (newest) {
      this.seeds.set(window);
      this.hub.changed(this.seeds);
    }
  }
}
