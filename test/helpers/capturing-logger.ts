import { Writable } from 'node:stream';
import { pino, type Level } from 'pino';
import type { Logger } from '../../src/log.js';

/** A logger that keeps every line (as parsed JSON) and lets a test act on one as it is written. */
export function capturingLogger(level: Level, onLine?: (line: Record<string, unknown>) => void): { logger: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const text of String(chunk).split('\n').filter(Boolean)) {
        const line = JSON.parse(text) as Record<string, unknown>;
        lines.push(line);
        onLine?.(line);
      }
      done();
    },
  });
  return { logger: pino({ level }, sink), lines };
}
