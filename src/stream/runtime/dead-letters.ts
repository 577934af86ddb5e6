import type { Logger } from '../../log.js';
import type { KStream } from '../dsl/kstream.js';
import type { RecordContext } from '../records.js';
import type { JobCounters } from './stream-job.js';

/** An input record a job could not read: what it said, why it was refused, and where it was. */
export interface DeadLetter {
  readonly job: string;
  readonly reason: string;
  readonly text: string;
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
}

export type Parsed<T> = Accepted<T> | Rejected;
export interface Accepted<T> {
  readonly ok: true;
  readonly value: T;
}
export interface Rejected {
  readonly ok: false;
  readonly reason: string;
  readonly text: string;
}

export const accepted = <T>(p: Parsed<T>): p is Accepted<T> => p.ok;
const rejected = <T>(p: Parsed<T>): p is Rejected => !p.ok;

export interface DeadLetterOptions {
  readonly job: string;
  readonly topic: string;
  readonly counters: JobCounters;
  readonly logger: Logger;
}

/** The counter dead letters are counted under in JobCounters. */
export const DEAD_LETTERED = 'deadLettered';
/** Malformed lines are logged one by one up to this many, then only counted (the status line shows the count). */
const LOGGED_LETTERS = 20;

/**
 * Sets the rejected records of a parsed stream aside: counted, logged and written as JSON
 * DeadLetters to `topic`, so they can be inspected and replayed once fixed.
 */
export function setAsideRejected<K, T>(parsed: KStream<K, Parsed<T>>, options: DeadLetterOptions): void {
  let where: RecordContext = { topic: '', partition: -1, offset: -1 };
  parsed
    .filter(rejected)
    // peek sees the live record context and map runs right after it for the same record, so `where` is this record's.
    .peek((_v, _k, record) => {
      where = { topic: record.topic, partition: record.partition, offset: record.offset };
    })
    .map((r): DeadLetter => {
      options.counters.add(DEAD_LETTERED);
      const letter = { job: options.job, reason: r.reason, text: r.text, ...where };
      const count = options.counters.get(DEAD_LETTERED);
      if (count <= LOGGED_LETTERS) {
        const more = count === LOGGED_LETTERS ? `; further ones are only counted (${DEAD_LETTERED} in the status line and metrics)` : '';
        options.logger.warn({ ...letter, deadLetterTopic: options.topic }, `malformed input set aside in the dead-letter topic${more}`);
      }
      return letter;
    })
    .to(options.topic);
}
