import { toMillis, toPositiveMillis, type Duration } from './duration.js';
import { TopologyError } from './errors.js';

/**
 * Fixed-size windows aligned to the epoch, start inclusive and end exclusive:
 * a record exactly at a window's end belongs to the next window.
 */
export interface TimeWindows {
  readonly kind: 'time';
  readonly size: number;
  readonly slide: number;
  /** Event time only: how long after its end (on the watermark) a window still takes records. */
  readonly grace: number;
}

/** Per-key windows that grow while records keep arriving less than `gap` apart. */
export interface SessionWindows {
  readonly kind: 'session';
  readonly gap: number;
  /** Event time only: how long after last + gap (on the watermark) a session still takes records. */
  readonly grace: number;
}

/**
 * Kafka Streams' grace period: a window closes, and records for it become late, only when the
 * watermark reaches its end plus the grace; `emit: 'final'` therefore emits it then, once.
 */
export interface WindowSpecOptions {
  /** Default 0: a window closes at its end. */
  readonly grace?: Duration;
}

function graceOf(options: WindowSpecOptions): number {
  return options.grace === undefined ? 0 : toMillis(options.grace, 'window grace');
}

export function tumbling(size: Duration, options: WindowSpecOptions = {}): TimeWindows {
  const ms = toPositiveMillis(size, 'tumbling window size');
  return { kind: 'time', size: ms, slide: ms, grace: graceOf(options) };
}

export function hopping(size: Duration, slide: Duration, options: WindowSpecOptions = {}): TimeWindows {
  const sizeMs = toPositiveMillis(size, 'window size');
  const slideMs = toPositiveMillis(slide, 'window slide');
  if (slideMs > sizeMs) {
    throw new TopologyError(
      `a window slide (${slideMs} ms) longer than its size (${sizeMs} ms) would skip records; make the slide at most the size`,
    );
  }
  return { kind: 'time', size: sizeMs, slide: slideMs, grace: graceOf(options) };
}

/** Spark's name for hopping windows (window length and slide interval). */
export const sliding = hopping;

export function session(gap: Duration, options: WindowSpecOptions = {}): SessionWindows {
  return { kind: 'session', gap: toPositiveMillis(gap, 'session gap'), grace: graceOf(options) };
}

/** Start of the grid cell of width `step` holding `time`; correct for negative times too. */
export function alignDown(time: number, step: number): number {
  const r = time % step;
  return r < 0 ? time - r - step : time - r;
}

export function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** How close in time two records of a stream–stream join must be, and how late a record may come. */
export interface JoinWindows {
  readonly kind: 'join';
  /** Records join when their timestamps differ by at most this, in either direction. */
  readonly difference: number;
  /** How long after its window ends (timestamp + difference) a record is still accepted. */
  readonly grace: number;
}

/** Kafka Streams' JoinWindows factories, under their names. */
export const JoinWindows = {
  ofTimeDifferenceAndGrace(difference: Duration, grace: Duration): JoinWindows {
    return { kind: 'join', difference: toMillis(difference, 'join time difference'), grace: toMillis(grace, 'join grace') };
  },
  ofTimeDifferenceWithNoGrace(difference: Duration): JoinWindows {
    return { kind: 'join', difference: toMillis(difference, 'join time difference'), grace: 0 };
  },
} as const;
