import { silentLogger, type Logger } from '../../log.js';
import { INSIGHTS_OUTPUTS } from '../../result-names.js';
import { StreamBuilder } from '../../stream/dsl/stream-builder.js';
import { accepted, DEAD_LETTERED, JobCounters, setAsideRejected, windowHeaders, type StreamJob } from '../../stream/runtime/index.js';
import type { UserLogRow } from '../taobao/user-log.js';
import { parseUserLogJson } from './user-log-row.js';

/** Full user_log rows as JSON, as `streamdash produce taobao --format json` sends them. */
export const INSIGHTS_INPUT = 'user_log';
export const INSIGHTS_DEAD_LETTERS = 'taobao-insights-dead-letter';

export { INSIGHTS_OUTPUTS };

export interface InsightsOptions {
  readonly input?: string;
  readonly deadLetterTopic?: string;
  readonly logger?: Logger;
}

const add = (a: number, b: number) => a + b;
const subtract = (a: number, b: number) => a - b;
const nonZero = (n: number) => n !== 0;

/**
 * Beyond the seeds: from full user_log rows, the action mix per second, the top 10
 * provinces over a sliding 60 s and the age-range distribution over the same 60 s.
 * Windows slide every second on processing time, as the seeds' Spark jobs do, and each
 * result names its window in its key and in the window.start / window.end headers.
 */
export function taobaoInsightsJob(options: InsightsOptions = {}): StreamJob {
  const counters = new JobCounters([DEAD_LETTERED]);
  const b = new StreamBuilder();
  const parsed = b.stream(options.input ?? INSIGHTS_INPUT).map(parseUserLogJson);
  setAsideRejected(parsed, { job: 'taobao-insights', topic: options.deadLetterTopic ?? INSIGHTS_DEAD_LETTERS, counters, logger: options.logger ?? silentLogger });
  const rows = parsed.filter(accepted).map((p) => p.value);

  rows
    .filter((r) => r.action !== null)
    .mapToPair((r): [string, number] => [String(r.action), 1])
    .reduceByKeyAndWindow(add, subtract, '1s', '1s', { name: 'actions-per-second' })
    .collect()
    .map((pairs) => Object.fromEntries(pairs))
    .to(INSIGHTS_OUTPUTS.actions, { headers: windowHeaders });

  rows
    .filter((r): r is UserLogRow & { province: string } => r.province !== null)
    .mapToPair((r): [string, number] => [r.province, 1])
    .reduceByKeyAndWindow(add, subtract, '60s', '1s', { name: 'provinces-60s', filter: nonZero })
    .topK(10)
    .to(INSIGHTS_OUTPUTS.provinces, { headers: windowHeaders });

  rows
    .mapToPair((r): [string, number] => [String(r.age_range ?? 0), 1])
    .reduceByKeyAndWindow(add, subtract, '60s', '1s', { name: 'ages-60s', filter: nonZero })
    .collect()
    .map((pairs) => Object.fromEntries(pairs))
    .to(INSIGHTS_OUTPUTS.ages, { headers: windowHeaders });

  return { name: 'taobao-insights', topology: b.build(), counters: () => counters.snapshot() };
}
