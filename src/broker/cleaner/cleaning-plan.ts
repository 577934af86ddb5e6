import type { CleanerSettings } from './cleaner-settings.js';

/** What the cleaner needs to know of one closed segment, in log order. */
export interface SegmentInfo {
  baseOffset: number;
  /** The offset after the segment's last record. */
  nextOffset: number;
  bytes: number;
  /** Smallest and largest record timestamp in the segment. */
  firstTimestampMs: number;
  maxTimestampMs: number;
}

export interface CleaningPlan {
  /** The segments to rewrite: from the log start to the end of the cleanable dirty part. */
  segments: readonly SegmentInfo[];
  /** Offsets [firstDirty, firstUncleanable) build the offset map. */
  firstDirtyOffset: number;
  firstUncleanableOffset: number;
  dirtyRatio: number;
  /**
   * Why now: enough dirt, a record waited longer than max.compaction.lag.ms, or tombstones
   * kept by an earlier clean have outlived delete.retention.ms and can go.
   */
  reason: 'dirty-ratio' | 'max-lag' | 'tombstones';
}

/**
 * Decides whether a compacted log is due for cleaning, as Kafka's LogCleanerManager does.
 * `closed` are the segments before the active one (the active segment is never cleaned),
 * `firstDirtyOffset` the cleaner's checkpoint (where the last clean stopped). A segment with
 * a record younger than min.compaction.lag.ms, and everything after it, is not cleanable yet.
 * The log is due when the cleanable dirty bytes are at least min.cleanable.dirty.ratio of
 * all cleanable bytes, or when its oldest dirty record is older than max.compaction.lag.ms.
 * `tombstonesDueMs` is when tombstones an earlier clean kept may be dropped (null: none kept);
 * once it has passed the log is due too, as Kafka cleans a log whose delete horizon passed.
 */
export function planCleaning(
  closed: readonly SegmentInfo[],
  firstDirtyOffset: number,
  settings: CleanerSettings,
  nowMs: number,
  tombstonesDueMs: number | null = null,
): CleaningPlan | null {
  const tooYoung = closed.findIndex((s) => s.maxTimestampMs > nowMs - settings.minCompactionLagMs);
  const cleanable = tooYoung === -1 ? closed : closed.slice(0, tooYoung);
  if (cleanable.length === 0) return null;
  const dirty = cleanable.filter((s) => s.nextOffset > firstDirtyOffset);
  const dirtyBytes = dirty.reduce((n, s) => n + s.bytes, 0);
  const totalBytes = cleanable.reduce((n, s) => n + s.bytes, 0);
  const dirtyRatio = totalBytes === 0 ? 0 : dirtyBytes / totalBytes;
  const overdue = dirty.length > 0 && dirty[0]!.firstTimestampMs < nowMs - settings.maxCompactionLagMs;
  const reason =
    dirty.length > 0 && dirtyRatio >= settings.minCleanableDirtyRatio ? 'dirty-ratio'
    : overdue ? 'max-lag'
    : tombstonesDueMs !== null && tombstonesDueMs <= nowMs ? 'tombstones'
    : null;
  if (reason === null) return null;
  const firstUncleanableOffset = cleanable[cleanable.length - 1]!.nextOffset;
  return {
    segments: cleanable,
    firstDirtyOffset: Math.min(firstUncleanableOffset, Math.max(firstDirtyOffset, cleanable[0]!.baseOffset)),
    firstUncleanableOffset,
    dirtyRatio,
    reason,
  };
}

/**
 * Whether a segment's tombstones may go: every record in it is older than delete.retention.ms,
 * so a consumer that started reading before has had that long to see the deletes. (Kafka 4.4
 * stamps a delete horizon into each batch at its first clean; measuring from the records'
 * timestamps gives the same guarantee without rewriting headers.)
 */
export function tombstonesExpired(segment: SegmentInfo, settings: CleanerSettings, nowMs: number): boolean {
  return segment.maxTimestampMs < nowMs - settings.deleteRetentionMs;
}
