import { pino, type Logger, type LevelWithSilent } from 'pino';

export type { Logger };

export const LOG_LEVELS: readonly LevelWithSilent[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** The one structured logger factory; every command passes its --log-level here. */
export function createLogger(level: string = process.env.STREAMDASH_LOG_LEVEL ?? 'info', name = 'streamdash'): Logger {
  if (!LOG_LEVELS.includes(level as LevelWithSilent)) {
    throw new Error(`--log-level "${level}" is not one of ${LOG_LEVELS.join(', ')}`);
  }
  return pino({ name, level, base: { pid: process.pid } });
}

/** A logger that drops everything, for library use without a caller's logger. */
export const silentLogger: Logger = pino({ level: 'silent' });
