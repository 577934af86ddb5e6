/**
 * The durable log of one partition, kept in the folder `<topic>-<n>/` it is given.
 *
 * On disk, as in Kafka, segments are named by their base offset zero-padded to 20 digits:
 *   00000000000000000000.log        whole v2 batches exactly as producers sent them, with
 *                                   baseOffset and partitionLeaderEpoch (0) filled in
 *   00000000000000000000.index      sparse, one entry per ~indexIntervalBytes of .log:
 *                                   int32 (batch last offset - base), int32 .log position
 *   00000000000000000000.timeindex  sparse likewise: int64 largest timestamp so far,
 *                                   int32 (offset of the batch holding it - base); a sealed
 *                                   segment's last entry is its largest timestamp
 * The last segment takes appends. The log start offset is the first segment's base offset,
 * so whole-segment retention moves it with no other file to keep.
 * At open, the last segment is CRC-checked batch by batch, cut at the first torn or corrupt
 * batch and re-indexed; other segments' indexes are rebuilt only when missing or implausible.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { silentLogger, type Logger } from '../../log.js';
import type { BatchHeader } from '../../protocol/records/batch-header.js';
import { assignOffsets } from './assign-offsets.js';
import { isSystemError, LogClosedError, LogStorageError, MalformedAppendError, OffsetOutOfRangeError } from './errors.js';
import { syncDirectory } from './file-io.js';
import { FlushSchedule } from './flush-schedule.js';
import { DEFAULT_LOG_CONFIG, validateLogConfig, type LogConfig } from './log-config.js';
import type { LogSegment, TimestampMatch } from './log-segment.js';
import { readLogStartOffset, writeLogStartOffset } from './log-start-file.js';
import type { SegmentInfo } from '../cleaner/cleaning-plan.js';
import { recoverSwaps, swapInCleanedSegment } from '../cleaner/segment-swap.js';
import { listSegments, segmentPath } from './segment-files.js';
import { StorageHealth } from './storage-health.js';
import { createSegment, loadSealedSegment, openCleanedSegment, recoverActiveSegment } from './segment-loading.js';

/** Index entries hold offsets relative to the segment's base as int32. */
const MAX_RELATIVE_OFFSET = 2 ** 31 - 1;
const EMPTY = Buffer.alloc(0);

export interface OpenLogOptions {
  logger?: Logger;
  /** Wall clock in ms, for rolling, flushing and retention when callers pass no time. */
  now?: () => number;
}

export interface AppendOptions {
  /** fsync before returning, so an acks=-1 answer means the data is on disk. */
  sync?: boolean;
  now?: number;
}

export interface AppendResult {
  baseOffset: number;
  lastOffset: number;
  logStartOffset: number;
}

export class PartitionLog {
  private closed = false;
  private dirUnsynced = false;
  /** Moved past the first segment's base by DeleteRecords; kept in LOG_START_FILE. */
  private startOffset = 0;
  /** A full disk refuses one write; any other storage failure (an fsync's above all) refuses them all until a restart. */
  private readonly health: StorageHealth;

  private constructor(
    readonly dir: string,
    private config: LogConfig,
    private readonly segments: LogSegment[],
    private readonly logger: Logger,
    private readonly clock: () => number,
    private readonly flushes: FlushSchedule,
  ) {
    this.health = new StorageHealth(dir, logger, clock);
  }

  /** Opens the log in `dir` (created if missing), recovering it as described above. */
  static open(dir: string, config: Partial<LogConfig> = {}, opts: OpenLogOptions = {}): PartitionLog {
    const full: LogConfig = { ...DEFAULT_LOG_CONFIG, ...config };
    validateLogConfig(full);
    const logger = (opts.logger ?? silentLogger).child({ partitionDir: dir });
    const clock = opts.now ?? Date.now;
    mkdirSync(dir, { recursive: true });
    // A cleaner swap that a crash interrupted is undone or finished before the segments are read.
    recoverSwaps(dir, logger);
    const bases = listSegments(dir, logger);
    const interval = full.indexIntervalBytes;
    const segments =
      bases.length === 0
        ? [createSegment(dir, 0, interval)]
        : bases.map((base, i) =>
            i === bases.length - 1
              ? recoverActiveSegment(dir, base, interval, logger)
              : loadSealedSegment(dir, base, bases[i + 1]!, interval, logger),
          );
    const log = new PartitionLog(dir, full, segments, logger, clock, new FlushSchedule(full.flushMessages, full.flushMs, clock()));
    log.dirUnsynced = bases.length === 0;
    log.startOffset = Math.min(readLogStartOffset(dir), log.logEndOffset);
    return log;
  }

  get logStartOffset(): number {
    return Math.max(this.segments[0]!.baseOffset, this.startOffset);
  }

  /** Applies changed settings (an AlterConfigs) from the next append or retention pass on. */
  reconfigure(changes: Partial<LogConfig>): void {
    const next: LogConfig = { ...this.config, ...changes };
    validateLogConfig(next);
    this.config = next;
  }

  /**
   * DeleteRecords: records before `offset` are gone for readers at once; whole
   * segments below it are removed now, and the new start is persisted so it
   * survives a restart. Returns the log start offset (Kafka's low watermark).
   * The segments go first, so that on a full disk the space they free lets the start file be
   * written; a crash between leaves the start at a segment base at or below `offset`.
   */
  deleteRecordsBefore(offset: number): number {
    this.assertOpen();
    if (offset < 0 || offset > this.logEndOffset) throw new OffsetOutOfRangeError(offset, this.logStartOffset, this.logEndOffset);
    if (offset <= this.logStartOffset) return this.logStartOffset;
    while (this.segments.length > 1 && this.segments[1]!.baseOffset <= offset) this.deleteOldest('deleteRecords');
    if (offset > this.segments[0]!.baseOffset) {
      try {
        writeLogStartOffset(this.dir, offset);
      } catch (err) {
        if (!LogStorageError.outOfSpace(err)) throw err;
        throw new LogStorageError(this.dir, false, (err as NodeJS.ErrnoException).code!, { cause: err });
      }
    }
    this.startOffset = offset;
    return this.logStartOffset;
  }

  get logEndOffset(): number {
    return this.active.nextOffset;
  }

  /** Bytes of .log files, indexes not counted (what retentionBytes limits). */
  get sizeBytes(): number {
    return this.segments.reduce((sum, s) => sum + s.size, 0);
  }

  get segmentCount(): number {
    return this.segments.length;
  }

  /** Messages appended since the last fsync. */
  get unflushedMessages(): number {
    return this.flushes.unflushedMessages;
  }

  private get active(): LogSegment {
    return this.segments[this.segments.length - 1]!;
  }

  private assertOpen(): void {
    if (this.closed) throw new LogClosedError(this.dir);
  }

  /**
   * Appends one or more whole v2 batches, already checked with checkBatchAt,
   * with one write. Offsets and leader epoch are set in `batches` in place.
   * All or nothing: on a storage failure (LogStorageError) the log is left as it was; a full
   * disk leaves it writable, any other failure, an fsync's above all, takes it offline.
   */
  append(batches: Buffer, opts: AppendOptions = {}): AppendResult {
    this.assertOpen();
    if (this.health.offline) throw this.health.offline;
    const now = opts.now ?? this.clock();
    const baseOffset = this.logEndOffset;
    const lastOffset = assignOffsets(batches, baseOffset);
    if (lastOffset - baseOffset > MAX_RELATIVE_OFFSET) {
      throw new MalformedAppendError(
        `one append spans ${lastOffset - baseOffset + 1} offsets, more than a segment can index; split it into smaller appends`,
      );
    }
    if (this.shouldRoll(batches.length, lastOffset, now)) this.health.guard('roll', () => this.roll());
    const segment = this.active;
    const mark = segment.mark();
    this.health.guard('append', () => segment.append(batches, now));
    this.flushes.appended(lastOffset - baseOffset + 1);
    if (opts.sync || this.flushes.due(now)) {
      try {
        this.flush(now);
      } catch (err) {
        // Not durable, so not acknowledged: no reader may see it. What earlier appends left unsynced stays, as after a crash.
        this.flushes.appended(-(lastOffset - baseOffset + 1));
        const failure = this.health.goOffline('fsync', err);
        try {
          segment.rollBack(mark);
        } catch (undo) {
          this.logger.error({ err: undo }, 'could not cut the unacknowledged append off the segment file; restart recovery keeps it');
        }
        throw failure;
      }
    }
    return { baseOffset, lastOffset, logStartOffset: this.logStartOffset };
  }

  /** Why the log refuses writes until a restart, or null while it takes them. */
  get offlineReason(): LogStorageError | null {
    return this.health.offline;
  }

  private shouldRoll(bytes: number, lastOffset: number, now: number): boolean {
    const active = this.active;
    if (active.size === 0) return false;
    return (
      active.size + bytes > this.config.segmentBytes ||
      now - (active.rollClockStart ?? now) > this.config.segmentMs ||
      lastOffset - active.baseOffset > MAX_RELATIVE_OFFSET
    );
  }

  /** All or nothing, like append: a segment that cannot be created leaves no file that would end the active one at restart. */
  private roll(): void {
    const sealed = this.active;
    const mark = sealed.mark();
    const base = this.logEndOffset;
    try {
      sealed.seal();
      this.segments.push(createSegment(this.dir, base, this.config.indexIntervalBytes));
    } catch (err) {
      for (const ext of ['log', 'index', 'timeindex'] as const) rmSync(segmentPath(this.dir, base, ext), { force: true });
      sealed.rollBack(mark);
      throw err;
    }
    this.dirUnsynced = true;
    this.logger.debug({ sealed: sealed.baseOffset, newBase: this.logEndOffset }, 'rolled to a new segment');
  }

  /**
   * Whole batches from the one holding `fetchOffset` (which may start before
   * it), up to maxBytes but at least one batch, crossing into later segments.
   * Empty at the log end offset.
   */
  read(fetchOffset: number, maxBytes: number): Buffer {
    let i = this.segmentIndexOf(fetchOffset);
    if (i < 0) return EMPTY;
    let position = this.segments[i]!.positionOf(fetchOffset);
    const parts: Buffer[] = [];
    let room = maxBytes;
    for (;;) {
      const segment = this.segments[i]!;
      const part = segment.read(position, room, parts.length === 0);
      if (part.length > 0) parts.push(part);
      room -= part.length;
      if (position + part.length < segment.size || room <= 0 || i === this.segments.length - 1) break;
      i++;
      position = 0;
    }
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  }

  /** Calls `visit` with the header of every batch from the one holding `fromOffset` to the log end. */
  forEachBatchHeader(fromOffset: number, visit: (header: BatchHeader) => void): void {
    let i = this.segmentIndexOf(fromOffset);
    if (i < 0) return;
    let position = this.segments[i]!.positionOf(fromOffset);
    for (; i < this.segments.length; i++, position = 0) this.segments[i]!.forEachHeader(position, visit);
  }

  /** The segment holding `offset`, -1 at the log end offset; throws outside the log. */
  private segmentIndexOf(offset: number): number {
    this.assertOpen();
    const start = this.logStartOffset;
    const end = this.logEndOffset;
    if (offset < start || offset > end) throw new OffsetOutOfRangeError(offset, start, end);
    if (offset === end) return -1;
    let lo = 0;
    let hi = this.segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.segments[mid]!.baseOffset <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /**
   * The first batch whose maxTimestamp >= `timestamp`: its base offset and
   * that max timestamp, or null when no batch reaches it. The log never parses
   * records; offsets-for-times.ts finds the record inside the batch, as Kafka
   * answers ListOffsets.
   */
  offsetForTimestamp(timestamp: number): TimestampMatch | null {
    this.assertOpen();
    for (const segment of this.segments) {
      const match = segment.findByTimestamp(timestamp);
      if (match) return match;
    }
    return null;
  }

  /**
   * Deletes whole sealed segments from the oldest: those whose largest
   * timestamp is more than retentionMs before `now`, then, as Kafka does,
   * those whose removal still leaves at least retentionBytes. The active
   * segment always stays. Returns how many segments went.
   */
  applyRetention(now: number = this.clock()): number {
    this.assertOpen();
    const { retentionMs, retentionBytes } = this.config;
    let removed = 0;
    while (retentionMs !== -1 && this.segments.length > 1 && now - this.segments[0]!.maxTimestamp > retentionMs) {
      this.deleteOldest('retentionMs');
      removed++;
    }
    let total = this.sizeBytes;
    while (retentionBytes !== -1 && this.segments.length > 1 && total - this.segments[0]!.size >= retentionBytes) {
      total -= this.segments[0]!.size;
      this.deleteOldest('retentionBytes');
      removed++;
    }
    return removed;
  }

  private deleteOldest(reason: string): void {
    const segment = this.segments.shift()!;
    segment.deleteFiles();
    this.logger.info(
      { deletedBase: segment.baseOffset, bytes: segment.size, reason, logStartOffset: this.logStartOffset },
      'deleted a segment by retention',
    );
  }

  /** The largest segment the log rolls at (segment.bytes), which also bounds a cleaned segment. */
  get maxSegmentBytes(): number {
    return this.config.segmentBytes;
  }

  /** What the cleaner plans with: every segment but the active one, which is never cleaned. Empty once closed. */
  closedSegments(): SegmentInfo[] {
    if (this.closed) return [];
    return this.segments.slice(0, -1).map((s) => ({
      baseOffset: s.baseOffset,
      nextOffset: s.nextOffset,
      bytes: s.size,
      firstTimestampMs: s.firstTimestamp() ?? Number.POSITIVE_INFINITY,
      maxTimestampMs: s.maxTimestamp,
    }));
  }

  /** Whether a closed segment is still based at `baseOffset` (retention or DeleteRecords may have removed it). */
  hasClosedSegment(baseOffset: number): boolean {
    return !this.closed && this.segments.slice(0, -1).some((s) => s.baseOffset === baseOffset);
  }

  /** The whole .log of the closed segment based at `baseOffset`, for the cleaner. */
  readSegment(baseOffset: number): Buffer {
    this.assertOpen();
    const segment = this.segments.slice(0, -1).find((s) => s.baseOffset === baseOffset);
    if (!segment) throw new OffsetOutOfRangeError(baseOffset, this.logStartOffset, this.logEndOffset);
    return segment.size === 0 ? EMPTY : segment.read(0, segment.size, true);
  }

  /**
   * Puts one cleaned segment `batches` in place of the closed segments based in [base, next),
   * crash-safely (segment-swap.ts). Returns false, changing nothing, when those segments are no
   * longer exactly there (retention, DeleteRecords or a close came between plan and swap).
   */
  replaceSegments(base: number, next: number, batches: Buffer): boolean {
    if (this.closed) return false;
    const from = this.segments.findIndex((s) => s.baseOffset === base);
    let to = from;
    while (from >= 0 && to < this.segments.length && this.segments[to]!.baseOffset < next) to++;
    if (from < 0 || to >= this.segments.length || this.segments[to]!.baseOffset !== next) return false;
    for (const s of this.segments.slice(from, to)) s.close();
    const interval = this.config.indexIntervalBytes;
    let replacement: LogSegment[];
    try {
      swapInCleanedSegment(this.dir, base, next, batches);
      replacement = [openCleanedSegment(this.dir, base, next, interval)];
    } catch (err) {
      // The swap is all or nothing on disk: bring back whichever side it left.
      recoverSwaps(this.dir, this.logger);
      const bases = listSegments(this.dir, this.logger).filter((b) => b >= base && b < next);
      replacement = bases.map((b, i) => loadSealedSegment(this.dir, b, bases[i + 1] ?? next, interval, this.logger));
      this.segments.splice(from, to - from, ...replacement);
      throw err;
    }
    this.segments.splice(from, to - from, ...replacement);
    return true;
  }

  /** fsyncs if flushMessages or flushMs says it is due; the broker calls this from a timer. */
  maybeFlush(now: number = this.clock()): void {
    this.assertOpen();
    if (this.health.offline || !this.flushes.due(now)) return;
    try {
      this.flush(now);
    } catch (err) {
      // From a timer nobody awaits: the failure takes the log offline instead of the broker down.
      if (!isSystemError(err)) throw err;
      this.health.goOffline('scheduled fsync', err);
    }
  }

  /**
   * fsyncs everything written so far. Refused once offline: after a failed fsync the kernel may
   * have dropped the dirty pages, so a later fsync that succeeds would prove nothing.
   */
  flush(now: number = this.clock()): void {
    this.assertOpen();
    if (this.health.offline) throw this.health.offline;
    const last = this.segments.length - 1;
    // The active segment's indexes are rebuilt at every open, so only its .log must reach the disk.
    this.segments.forEach((segment, i) => segment.sync(i < last));
    if (this.dirUnsynced) {
      syncDirectory(this.dir);
      this.dirUnsynced = false;
    }
    this.flushes.flushed(now);
  }

  /** Flushes and closes every file; later calls other than close() and delete() throw LogClosedError. */
  close(): void {
    if (this.closed) return;
    try {
      if (!this.health.offline) this.flush();
    } catch (err) {
      if (!isSystemError(err)) throw err;
      this.health.goOffline('fsync at close', err);
    }
    for (const segment of this.segments) segment.close();
    this.closed = true;
  }

  /** Removes the partition folder and everything in it (topic deletion). */
  delete(): void {
    if (!this.closed) for (const segment of this.segments) segment.close();
    this.closed = true;
    rmSync(this.dir, { recursive: true, force: true });
  }
}
