import { InvalidArgumentError, type Command } from 'commander';
import { createLogger, type Logger } from '../log.js';

/** The global --log-level, read from the root program whichever sub-command runs. */
export function loggerFor(cmd: Command, name = 'streamdash'): Logger {
  let root = cmd;
  while (root.parent) root = root.parent;
  return createLogger(root.opts().logLevel as string, name);
}

export function parseIntOption(flag: string, min = 0) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`${flag} takes a whole number ≥ ${min}, got "${value}"`);
    return n;
  };
}

/** Parses `host:port`, as every --bootstrap takes it. */
export function parseHostPort(value: string): { host: string; port: number } {
  const m = /^(.*):(\d+)$/.exec(value);
  if (!m || !m[1]) throw new InvalidArgumentError(`expected host:port, got "${value}"`);
  return { host: m[1].replace(/^\[|\]$/g, ''), port: Number(m[2]) };
}
