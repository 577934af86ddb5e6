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
}

/** Per-key windows that grow while records keep arriving less than `gap` apart. */
export interface SessionWindows {
  readonly kind: 'session';
  readonly gap: number;
}

export function tumbling(size: Duration): TimeWindows {
  const ms = toPositiveMillis(size, 'tumbling window size');
  return { kind: 'time', size: ms, slide: ms };
}

export function hopping(size: Duration, slide: Duration): TimeWindows {
  const sizeMs = toPositiveMillis(size, 'window size');
  const slideMs = toPositiveMillis(slide, 'window slide');
  if (slideMs > sizeMs) {
    throw new TopologyError(
      `a window slide (${slideMs} ms) longer than its size (${sizeMs} ms) would skip records; make the slide at most the size`,
    );
  }
  return { kind: 'time', size: sizeMs, slide: slideMs };
}

/** Spark's name for hopping windows (window length and slide interval). */
export const sliding = hopping;

export function session(gap: Duration): SessionWindows {
  return { kind: 'session', gap: toPositiveMillis(gap, 'session gap') };
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
