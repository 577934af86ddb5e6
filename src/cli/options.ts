import { InvalidArgumentError, type Command } from 'commander';
import { createLogger, type Logger } from '../log.js';
import { toMillis, type Duration } from '../stream/duration.js';

/**
 * The global --log-level, read from the root program whichever sub-command runs;
 * `quietDefault` replaces the default when the user did not give one.
 */
export function loggerFor(cmd: Command, name = 'streamdash', quietDefault?: string): Logger {
  let root = cmd;
  while (root.parent) root = root.parent;
  const given = root.getOptionValueSource('logLevel') === 'cli';
  return createLogger(given || quietDefault === undefined ? (root.opts().logLevel as string) : quietDefault, name);
}

export function parseIntOption(flag: string, min = 0) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`${flag} takes a whole number ≥ ${min}, got "${value}"`);
    return n;
  };
}

/** Parses a duration like 500ms, 1s or 5m, or a bare number of milliseconds. */
export function parseDuration(flag: string) {
  return (value: string): number => {
    try {
      return toMillis((/^\d+$/.test(value) ? Number(value) : value) as Duration, flag);
    } catch {
      throw new InvalidArgumentError(`${flag} takes a duration like 500ms, 1s, 5m or a number of milliseconds, got "${value}"`);
    }
  };
}
