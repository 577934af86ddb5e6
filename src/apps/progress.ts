import cliProgress from 'cli-progress';
import type { Logger } from '../log.js';
import { systemClock, type Clock } from './rate.js';

export interface ProgressUpdate {
  count: number;
  /** How far through the work, 0–1, when that is known (it is not for an endless --loop). */
  fraction?: number;
  bad?: number;
}

export interface ProgressOptions {
  label: string;
  /** What count measures, e.g. "sent" or "written". */
  verb: string;
  unit?: string;
  logger: Logger;
  stream?: NodeJS.WriteStream;
  clock?: Clock;
  /** Between status lines when the output is not a terminal. */
  statusEveryMs?: number;
}

/**
 * Shows long work: a progress bar (rate, count, bad count, ETA) on a terminal,
 * otherwise a structured status line every few seconds, so piped and CI runs
 * still show that work is moving.
 */
export class ProgressReporter {
  readonly #bar: cliProgress.SingleBar | undefined;
  readonly #options: Required<Omit<ProgressOptions, 'stream'>>;
  readonly #started: number;
  #windowStart: number;
  #windowCount = 0;
  #rate = 0;
  #lastStatus: number;

  constructor(options: ProgressOptions) {
    const clock = options.clock ?? systemClock;
    this.#options = { unit: 'rows', statusEveryMs: 5000, clock, ...options };
    this.#started = this.#windowStart = this.#lastStatus = clock.now();
    const stream = options.stream ?? process.stderr;
    if (stream.isTTY) {
      this.#bar = new cliProgress.SingleBar(
        {
          stream,
          format: `${options.label} [{bar}] {percentage}% | {count} ${options.verb} | {bad} bad | {rate} ${this.#options.unit}/s | ETA {etaText}`,
          hideCursor: true,
          fps: 5,
        },
        cliProgress.Presets.shades_classic,
      );
      this.#bar.start(1000, 0, { count: 0, bad: 0, rate: 0, etaText: '-' });
    }
  }

  update(update: ProgressUpdate): void {
    const now = this.#options.clock.now();
    if (now - this.#windowStart >= 1000) {
      this.#rate = ((update.count - this.#windowCount) * 1000) / (now - this.#windowStart);
      this.#windowStart = now;
      this.#windowCount = update.count;
    }
    const payload = { count: update.count, bad: update.bad ?? 0, rate: Math.round(this.#rate), etaText: this.#eta(update, now) };
    if (this.#bar) {
      this.#bar.update(Math.round((update.fraction ?? 0) * 1000), payload);
    } else if (now - this.#lastStatus >= this.#options.statusEveryMs) {
      this.#lastStatus = now;
      this.#options.logger.info({ ...payload, percent: percent(update.fraction) }, `${this.#options.label} progress`);
    }
  }

  stop(): void {
    this.#bar?.stop();
  }

  #eta(update: ProgressUpdate, now: number): string {
    const f = update.fraction;
    if (f === undefined) return '∞';
    if (f <= 0) return '-';
    const seconds = Math.round((((now - this.#started) / 1000) * (1 - f)) / f);
    const m = Math.floor(seconds / 60);
    return m > 0 ? `${m}m${String(seconds % 60).padStart(2, '0')}s` : `${seconds}s`;
  }
}

function percent(fraction: number | undefined): number | undefined {
  return fraction === undefined ? undefined : Math.round(fraction * 1000) / 10;
}
