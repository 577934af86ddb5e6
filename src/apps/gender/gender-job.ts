import { silentLogger, type Logger } from '../../log.js';
import { GENDER_OUTPUT } from '../../result-names.js';
import type { Duration } from '../../stream/duration.js';
import type { Serde } from '../../stream/serde.js';
import { StreamBuilder } from '../../stream/dsl/stream-builder.js';
import { accepted, DEAD_LETTERED, setAsideRejected, type Parsed } from '../../stream/runtime/dead-letters.js';
import { JobCounters, type StreamJob } from '../../stream/runtime/stream-job.js';
import { windowHeaders } from '../../stream/runtime/window-headers.js';

export const GENDER_INPUT = 'sex';
export { GENDER_OUTPUT };
export const GENDER_DEAD_LETTERS = 'gender-dead-letter';
/** Names the operator, so its state (and changelog) survive code changes. */
export const GENDER_COUNTS_OPERATOR = 'gender-counts';
export const EMPTY_DROPPED = 'emptyDropped';

export interface GenderOptions {
  readonly input?: string;
  readonly output?: string;
  readonly deadLetterTopic?: string;
  /** Default '1s'. */
  readonly window?: Duration;
  /** Default: the window, i.e. tumbling windows. */
  readonly slide?: Duration;
  /** Count by the records' timestamps instead of the time they are processed. */
  readonly eventTime?: boolean;
  readonly logger?: Logger;
}

/** The seed's genders, as Taobao's user_log writes them: 0 female, 1 male, 2 unknown; one shared result each, so parsing allocates nothing. */
const GENDERS: ReadonlyMap<string, Parsed<string>> = new Map(['0', '1', '2'].map((g) => [g, { ok: true, value: g }]));

function parseGender(text: string): Parsed<string> {
  return GENDERS.get(text) ?? { ok: false, reason: 'a gender is "0", "1" or "2"', text };
}

const ONE_BYTE_STRINGS = Array.from({ length: 128 }, (_, i) => String.fromCharCode(i));

/**
 * UTF-8 text, with one-byte values taken from a table: the seed's values are one byte,
 * and decoding a Buffer into a new string costs more than the rest of the record's work.
 */
const genderText: Serde<string> = {
  serialize: (text) => Buffer.from(text, 'utf8'),
  deserialize: (data) => (data.length === 1 && data[0]! < 128 ? ONE_BYTE_STRINGS[data[0]!]! : data.toString('utf8')),
};

/**
 * Seed 003's Spark job: counts each gender per window with reduceByKeyAndWindow and its
 * inverse, and writes every gender seen so far (0 for a quiet one) to `result` as
 * `[{"0":3},{"1":6},{"2":1}]`, one message per window. The window is in the record key
 * (`{"start":…,"end":…}`) and in the window.start / window.end headers, so the value
 * stays the seed's. Empty values are dropped and counted; anything else that is not a
 * gender goes to the dead-letter topic.
 */
export function genderJob(options: GenderOptions = {}): StreamJob {
  const window = options.window ?? '1s';
  const counters = new JobCounters([EMPTY_DROPPED, DEAD_LETTERED]);
  const b = new StreamBuilder();
  const parsed = b
    .stream(options.input ?? GENDER_INPUT, { value: genderText })
    .filter((text) => {
      if (text !== '') return true;
      counters.add(EMPTY_DROPPED);
      return false;
    })
    .map(parseGender);
  setAsideRejected(parsed, {
    job: 'gender',
    topic: options.deadLetterTopic ?? GENDER_DEAD_LETTERS,
    counters,
    logger: options.logger ?? silentLogger,
  });
  parsed
    .filter(accepted)
    .mapToPair((g) => [g.value, 1])
    .reduceByKeyAndWindow((a, b) => a + b, (a, b) => a - b, window, options.slide ?? window, {
      name: GENDER_COUNTS_OPERATOR,
      time: options.eventTime ? 'event' : 'processing',
    })
    .collect()
    .map((rows) => rows.map(([gender, n]) => ({ [gender]: n })))
    .to(options.output ?? GENDER_OUTPUT, { headers: windowHeaders });
  return { name: 'gender', topology: b.build(), counters: () => counters.snapshot() };
}
