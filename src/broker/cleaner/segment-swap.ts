import { closeSync, fsyncSync, openSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../../log.js';
import { syncDirectory, writeAll } from '../log/file-io.js';
import { segmentPath } from '../log/segment-files.js';

const pad = (n: number) => String(n).padStart(20, '0');
/** `<base>.<next>.cleaned`: written, not yet committed. `<base>.<next>.swap`: committed, replaces every segment based in [base, next). */
const PENDING = /^(\d{20})\.(\d{20})\.(cleaned|swap)$/;

function oldSegmentsIn(dir: string, base: number, next: number): string[] {
  const names: string[] = [];
  for (const name of readdirSync(dir)) {
    const m = /^(\d{20})\.(log|index|timeindex)$/.exec(name);
    if (m && Number(m[1]) >= base && Number(m[1]) < next) names.push(name);
  }
  return names;
}

/** After the commit point: drop the replaced segments and their indexes, then give the swap file the segment's name. */
function finishSwap(dir: string, base: number, next: number, swapName: string): void {
  for (const name of oldSegmentsIn(dir, base, next)) rmSync(join(dir, name), { force: true });
  renameSync(join(dir, swapName), segmentPath(dir, base, 'log'));
  syncDirectory(dir);
}

/**
 * Replaces the segments based in [base, next) by one cleaned segment `batches`, so that a
 * kill -9 at any point leaves either the old segments or the cleaned one, never neither:
 *   1. write `<base>.<next>.cleaned` and fsync it (a crash here: recovery deletes it);
 *   2. rename it to `.swap` and fsync the folder: the commit point;
 *   3. delete the old .log/.index/.timeindex files, rename `.swap` to `<base>.log`
 *      (a crash in 3: recovery finishes it from the name, which says what it replaces).
 * The new segment's indexes are left to be rebuilt from its .log when it is opened.
 * The caller must have closed the old segments' files first.
 */
export function swapInCleanedSegment(dir: string, base: number, next: number, batches: Buffer): void {
  const cleaned = `${pad(base)}.${pad(next)}.cleaned`;
  const fd = openSync(join(dir, cleaned), 'w');
  try {
    writeAll(fd, batches);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  const swap = `${pad(base)}.${pad(next)}.swap`;
  renameSync(join(dir, cleaned), join(dir, swap));
  syncDirectory(dir);
  finishSwap(dir, base, next, swap);
}

/**
 * Run on a partition folder before its segments are listed: a `.cleaned` file never reached
 * the commit point and is deleted (the old segments are whole); a `.swap` did, and its swap
 * is finished. Returns how many of each it found.
 */
export function recoverSwaps(dir: string, logger: Logger): { discarded: number; finished: number } {
  let discarded = 0;
  let finished = 0;
  for (const name of readdirSync(dir).sort()) {
    const m = PENDING.exec(name);
    if (!m) continue;
    if (m[3] === 'cleaned') {
      rmSync(join(dir, name), { force: true });
      discarded++;
      logger.warn({ dir, file: name }, 'discarded a cleaned segment a crash left before its swap');
    } else {
      finishSwap(dir, Number(m[1]), Number(m[2]), name);
      finished++;
      logger.warn({ dir, file: name }, 'finished a cleaned-segment swap a crash interrupted');
    }
  }
  return { discarded, finished };
}
