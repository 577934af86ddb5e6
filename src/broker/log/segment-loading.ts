import type { Logger } from '../../log.js';
import { LogSegment } from './log-segment.js';

/** A new, empty segment; index files left over under its name are emptied. */
export function createSegment(dir: string, baseOffset: number, indexIntervalBytes: number): LogSegment {
  const segment = new LogSegment(dir, baseOffset, indexIntervalBytes);
  try {
    segment.reindex();
  } catch (err) {
    segment.close();
    throw err;
  }
  return segment;
}

/**
 * The last segment, which a crash may have left torn: every batch's CRC is
 * checked, the tail from the first bad batch is cut, and the indexes rebuilt.
 */
export function recoverActiveSegment(dir: string, baseOffset: number, indexIntervalBytes: number, logger: Logger): LogSegment {
  const segment = new LogSegment(dir, baseOffset, indexIntervalBytes);
  const sizeBefore = segment.size;
  const scan = segment.reindex();
  if (scan.validBytes < sizeBefore) {
    segment.truncateTo(scan.validBytes);
    logger.warn(
      { segment: segment.logPath, cutBytes: sizeBefore - scan.validBytes, keptBytes: scan.validBytes, reason: scan.problem },
      'cut a torn or corrupt tail off the active segment',
    );
  }
  return segment;
}

/**
 * A segment followed by another, so complete when written. Its indexes are
 * trusted if they look sound, else rebuilt from the .log.
 */
export function loadSealedSegment(
  dir: string,
  baseOffset: number,
  nextBaseOffset: number,
  indexIntervalBytes: number,
  logger: Logger,
): LogSegment {
  const segment = new LogSegment(dir, baseOffset, indexIntervalBytes);
  segment.assumeSealed(nextBaseOffset);
  if (segment.indexesLookSound()) return segment;
  const scan = segment.reindex(true);
  segment.seal();
  segment.assumeSealed(nextBaseOffset);
  logger.warn({ segment: segment.logPath }, 'rebuilt a missing or damaged index');
  // A cleaned segment may end before the next begins (its last records were superseded); past it, no.
  if (scan.problem !== null || scan.nextOffset > nextBaseOffset) {
    logger.error(
      { segment: segment.logPath, validBytes: scan.validBytes, reason: scan.problem ?? `offsets end at ${scan.nextOffset}, next segment starts at ${nextBaseOffset}` },
      'sealed segment is damaged; reads past validBytes will fail until it is restored from a backup',
    );
  }
  return segment;
}

/**
 * A segment the cleaner just wrote in place of those based in [baseOffset, nextBaseOffset):
 * indexed from its .log, which may have offset gaps, and sealed, ending where the next begins.
 */
export function openCleanedSegment(dir: string, baseOffset: number, nextBaseOffset: number, indexIntervalBytes: number): LogSegment {
  const segment = new LogSegment(dir, baseOffset, indexIntervalBytes);
  segment.reindex(true);
  segment.seal();
  segment.assumeSealed(nextBaseOffset);
  return segment;
}
