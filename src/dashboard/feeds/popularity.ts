import { POPULARITY_OUTPUT } from '../../result-names.js';
import { SeriesChannel } from '../hub/channel.js';
import type { Hub } from '../hub/hub.js';
import { pairsOf, parseJson, ResultFormatError } from './parse.js';
import type { FeedRecord } from './topic-feed.js';

export interface PageScore {
  page: string;
  popularity: number;
}

/** One top-10 list as the popularity job sent it. */
export interface PopularitySnapshot {
  at: number;
  top: PageScore[];
}

const EXPECTED = 'a top-10 list like [{"page":"page37","popularity":12.3}] or [["page37",12.3]]';

/** Best first, at most ten, whatever order the job wrote them in. */
export function parseTopPages(value: string | null | undefined): PageScore[] {
  const pairs = pairsOf(parseJson(POPULARITY_OUTPUT, EXPECTED, value), ['page', 'key', 'name'], ['popularity', 'score', 'value']);
  if (pairs === undefined) throw new ResultFormatError(POPULARITY_OUTPUT, EXPECTED, value);
  return pairs
    .map(([page, popularity]) => ({ page, popularity }))
    .sort((a, b) => b.popularity - a.popularity)
    .slice(0, 10);
}

/** The live top 10 and the lists of the last minutes, for the ranking's history. */
export class PopularityModel {
  readonly series: SeriesChannel<PopularitySnapshot>;

  constructor(
    private readonly hub: Hub,
    historyMs: number,
  ) {
    this.series = hub.add(new SeriesChannel<PopularitySnapshot>('popularity', ['popularity'], { span: historyMs, maxItems: Math.ceil(historyMs / 1000) }));
  }

  take(record: FeedRecord): void {
    const at = Number(record.timestamp);
    this.series.put(at, { at, top: parseTopPages(record.value) });
    this.hub.changed(this.series);
  }
}
