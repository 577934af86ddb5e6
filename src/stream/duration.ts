import { InvalidDurationError } from './errors.js';

/** Milliseconds, or a string with a unit: '500ms', '1s', '5m', '1h'. */
export type Duration = number | `${number}ms` | `${number}s` | `${number}m` | `${number}h`;

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const PATTERN = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/;

/** Parses once at build time, so the per-record path only ever sees plain numbers. */
export function toMillis(duration: Duration, what: string): number {
  let ms: number;
  if (typeof duration === 'number') {
    ms = duration;
  } else {
    const match = PATTERN.exec(duration);
    if (match === null) throw new InvalidDurationError(what, duration);
    ms = Number(match[1]) * UNIT_MS[match[2]!]!;
  }
  if (!Number.isSafeInteger(ms) || ms < 0) throw new InvalidDurationError(what, duration);
  return ms;
}

/** Like toMillis, for sizes and intervals where zero would mean "never advances". */
export function toPositiveMillis(duration: Duration, what: string): number {
  const ms = toMillis(duration, what);
  if (ms === 0) throw new InvalidDurationError(`${what} (greater than zero)`, duration);
  return ms;
}
