import { closeSync, existsSync, fstatSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { RateLimiter, systemClock, type Clock } from '../rate.js';
import { AccessLogGenerator } from './generator.js';

export interface RotationOptions {
  /** Rotate before a write would take the file past this size; 0 never rotates. */
  rotateBytes?: number;
  /** Rotated files kept: access.log.1 (newest) … access.log.<keep>; the oldest beyond that is replaced. */
  keep?: number;
}

/**
 * An append-only log file that rotates like logrotate without copytruncate:
 * older files shift up (.1 → .2 …), the live file is renamed to .1 and a new
 * one is created. Lines are written whole and rotation only happens between
 * lines, so a reader that follows the renamed file to its end and then opens
 * the new one sees every line exactly once.
 */
export class RotatingLogFile {
  readonly rotateBytes: number;
  readonly keep: number;
  #fd: number;
  #size: number;
  #rotations = 0;

  constructor(
    readonly path: string,
    { rotateBytes = 0, keep = 9 }: RotationOptions = {},
  ) {
    if (keep < 1) throw new RangeError(`--rotate-keep must be at least 1, got ${keep}`);
    this.rotateBytes = rotateBytes;
    this.keep = keep;
    mkdirSync(dirname(path), { recursive: true });
    this.#fd = openSync(path, 'a');
    this.#size = fstatSync(this.#fd).size;
  }

  get rotations(): number {
    return this.#rotations;
  }

  /** Appends lines (each without its newline), rotating between lines as needed. */
  append(lines: readonly string[]): void {
    let pending = '';
    let pendingBytes = 0;
    for (const line of lines) {
      const text = line + '\n';
      const bytes = Buffer.byteLength(text);
      if (this.rotateBytes > 0 && this.#size + pendingBytes > 0 && this.#size + pendingBytes + bytes > this.rotateBytes) {
        if (pending) writeSync(this.#fd, pending);
        this.#size += pendingBytes;
        pending = '';
        pendingBytes = 0;
        this.#rotate();
      }
      pending += text;
      pendingBytes += bytes;
    }
    if (pending) writeSync(this.#fd, pending);
    this.#size += pendingBytes;
  }

  close(): void {
    closeSync(this.#fd);
  }

  #rotate(): void {
    closeSync(this.#fd);
    for (let i = this.keep - 1; i >= 1; i--) {
      const from = `${this.path}.${i}`;
      if (existsSync(from)) renameSync(from, `${this.path}.${i + 1}`);
    }
    renameSync(this.path, `${this.path}.1`);
    this.#fd = openSync(this.path, 'a');
    this.#size = 0;
    this.#rotations++;
  }
}

export interface AccessLogRun extends RotationOptions {
  out: string;
  seed: number;
  /** Lines a second; 0 writes as fast as the disk takes them. */
  rate: number;
  /** Stop after this many lines; endless when absent. */
  lines?: number;
  clock?: Clock;
  /** The time written into each line. */
  wallClock?: () => Date;
  signal?: AbortSignal;
  onProgress?: (written: number, rotations: number) => void;
}

/** Appends generated lines to `out` at `rate`, rotating as told. Returns the lines written. */
export async function runAccessLog(run: AccessLogRun): Promise<number> {
  const clock = run.clock ?? systemClock;
  const wallClock = run.wallClock ?? (() => new Date());
  const limiter = new RateLimiter(run.rate, clock);
  const generator = new AccessLogGenerator(run.seed);
  const file = new RotatingLogFile(run.out, run);
  const limit = run.lines ?? Infinity;
  let written = 0;
  let batch: string[] = [];
  const flush = () => {
    file.append(batch);
    written += batch.length;
    batch = [];
    run.onProgress?.(written, file.rotations);
  };
  try {
    while (written + batch.length < limit && !run.signal?.aborted) {
      const wait = limiter.reserve();
      if (wait >= 1) {
        flush();
        await clock.sleep(wait, run.signal);
        if (run.signal?.aborted) break;
      }
      batch.push(generator.nextLine(wallClock()));
      if (batch.length >= 1000) flush();
    }
    flush();
  } finally {
    file.close();
  }
  return written;
}
