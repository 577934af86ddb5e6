import { silentLogger, type Logger } from '../../log.js';
import { POPULARITY_OUTPUT } from '../../result-names.js';
import type { Duration } from '../../stream/duration.js';
import { StreamBuilder } from '../../stream/dsl/stream-builder.js';
import { accepted, DEAD_LETTERED, setAsideRejected } from '../../stream/runtime/dead-letters.js';
import { JobCounters, type StreamJob } from '../../stream/runtime/stream-job.js';
import { windowHeaders } from '../../stream/runtime/window-headers.js';
import { PAGE_BEHAVIOR_TOPIC } from '../page-behavior/generator.js';
import { parsePageBehavior, popularityOf } from './page-behavior-line.js';

export { POPULARITY_OUTPUT };
export const POPULARITY_DEAD_LETTERS = 'popularity-dead-letter';
/** Names the operator, so the sums (and their changelog) survive code changes. */
export const POPULARITY_OPERATOR = 'page-popularity';
export const TOP_PAGES = 10;

export interface PopularityOptions {
  readonly input?: string;
  readonly output?: string;
  readonly deadLetterTopic?: string;
  /** How often the top 10 is computed and written, Spark's batch interval. Default '2s'. */
  readonly interval?: Duration;
  /** Where the seed's printout goes, one `(page,popularity)` line per page, e.g. process.stdout. Default: nowhere. */
  readonly print?: (lines: string) => void;
  readonly logger?: Logger;
}

/** One entry of a popularity-top10 message. */
export interface PagePopularity {
  readonly page: string;
  readonly popularity: number;
}

/**
 * Seed 001's WebPagePopularityValueCalculator: popularity = 0.8 × clicks + 0.8 × stay + like,
 * summed per page over all time with updateStateByKey. Every interval the ten most popular
 * pages go to `popularity-top10` as `[{"page":"page37","popularity":42.4},…]`, best first,
 * keyed by the interval (`{"start":…,"end":…}`, also in window.start / window.end headers),
 * and are printed as the seed prints them. Malformed lines go to the dead-letter topic.
 */
export function popularityJob(options: PopularityOptions = {}): StreamJob {
  const counters = new JobCounters([DEAD_LETTERED]);
  const b = new StreamBuilder();
  const parsed = b.stream(options.input ?? PAGE_BEHAVIOR_TOPIC).map(parsePageBehavior);
  setAsideRejected(parsed, {
    job: 'popularity',
    topic: options.deadLetterTopic ?? POPULARITY_DEAD_LETTERS,
    counters,
    logger: options.logger ?? silentLogger,
  });
  const print = options.print;
  parsed
    .filter(accepted)
    .mapToPair((p) => [p.value.page, popularityOf(p.value)])
    .updateStateByKey((values: readonly number[], sum: number | undefined) => values.reduce((a, b) => a + b, sum ?? 0), {
      name: POPULARITY_OPERATOR,
      interval: options.interval ?? '2s',
    })
    .topK(TOP_PAGES)
    .peek((rows) => print?.(rows.map(([page, popularity]) => `(${page},${scalaDouble(popularity)})\n`).join('')))
    .map((rows) => rows.map(([page, popularity]): PagePopularity => ({ page, popularity })))
    .to(options.output ?? POPULARITY_OUTPUT, { headers: windowHeaders });
  return { name: 'popularity', topology: b.build(), counters: () => counters.snapshot() };
}

/** A Double as Scala's println shows it (Java's Double.toString): 42.0, 4.2, 1.0E7. */
export function scalaDouble(x: number): string {
  const abs = Math.abs(x);
  if (abs === 0 || (abs >= 1e-3 && abs < 1e7)) return Number.isInteger(x) ? `${x}.0` : String(x);
  const [mantissa, exponent] = x.toExponential().split('e') as [string, string];
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
}
