import { closeSync, fstatSync, fsyncSync, ftruncateSync, openSync, rmSync } from 'node:fs';
import {
  BATCH_HEADER_SIZE,
  BATCH_LOG_OVERHEAD,
  batchSizeAt,
  readBatchHeader,
  type BatchHeader,
} from '../../protocol/records/batch-header.js';
import { batchBaseOffset, batchLastOffset, batchMaxTimestamp } from './batch-fields.js';
import { CorruptSegmentError } from './errors.js';
import { readUpTo, writeAll } from './file-io.js';
import { IndexFile } from './index-file.js';
import { OFFSET_ENTRY_SIZE, OffsetIndex } from './offset-index.js';
import { RecentPositions } from './recent-positions.js';
import { segmentPath } from './segment-files.js';
import { scanBatches, type ScanResult } from './segment-scan.js';
import { TIME_ENTRY_SIZE, TimeIndex } from './time-index.js';

/** Shared scratch for batch headers: every segment read is synchronous. */
const HEADER = Buffer.alloc(BATCH_HEADER_SIZE);
const RECENT_POSITIONS = 1024;
const EMPTY = Buffer.alloc(0);

/** A segment's append state at one moment (LogSegment.mark). */
export interface SegmentMark {
  readonly logSize: number;
  readonly next: number;
  readonly maxTs: number;
  readonly offsetOfMaxTs: number;
  readonly bytesSinceIndexEntry: number;
  readonly rollClock: number | null;
  readonly offsetIndexBytes: number;
  readonly timeIndexBytes: number;
}

export interface TimestampMatch {
  offset: number;
  timestamp: number;
}

/**
 * One segment: a .log of whole v2 batches with its sparse .index and
 * .timeindex. segment-loading.ts decides how a segment is brought up; this
 * class appends, serves reads and keeps the indexes in step.
 */
export class LogSegment {
  readonly logPath: string;
  private readonly offsetIndex: OffsetIndex;
  private readonly timeIndex: TimeIndex;
  private readonly fd: number;
  private logSize: number;
  private next: number;
  private maxTs = -1;
  private offsetOfMaxTs: number;
  private bytesSinceIndexEntry = 0;
  private rollClock: number | null = null;
  private unsynced = false;
  private readonly recent = new RecentPositions(RECENT_POSITIONS);

  constructor(
    dir: string,
    readonly baseOffset: number,
    private readonly indexIntervalBytes: number,
  ) {
    this.logPath = segmentPath(dir, baseOffset, 'log');
    this.fd = openSync(this.logPath, 'a+');
    this.logSize = fstatSync(this.fd).size;
    this.next = baseOffset;
    this.offsetOfMaxTs = baseOffset;
    let offsets: IndexFile | undefined;
    try {
      // Opened one by one: a roll that fails midway (no file descriptor left) must not leak those already open.
      offsets = IndexFile.open(segmentPath(dir, baseOffset, 'index'), OFFSET_ENTRY_SIZE);
      this.offsetIndex = new OffsetIndex(offsets, baseOffset);
      this.timeIndex = new TimeIndex(IndexFile.open(segmentPath(dir, baseOffset, 'timeindex'), TIME_ENTRY_SIZE), baseOffset);
    } catch (err) {
      offsets?.close();
      closeSync(this.fd);
      throw err;
    }
  }

  get size(): number {
    return this.logSize;
  }

  /** The offset after this segment's last batch. */
  get nextOffset(): number {
    return this.next;
  }

  /** The largest batch maxTimestamp in the segment, -1 when it has none. */
  get maxTimestamp(): number {
    return this.maxTs;
  }

  /**
   * Start of the time-based roll clock: the first append's time or, after a
   * restart, the first batch's max timestamp as Kafka does. Null while empty.
   */
  get rollClockStart(): number | null {
    return this.rollClock;
  }

  /** Takes a sealed segment's end and largest timestamp from its neighbour and time index, without reading the .log. */
  assumeSealed(nextOffset: number): void {
    this.next = nextOffset;
    this.maxTs = this.timeIndex.lastTimestamp;
  }

  /**
   * Rebuilds both indexes and the in-memory state from the .log, stopping at the first bad batch.
   * `gaps` admits the offset gaps of a segment the cleaner rewrote (only sealed segments are cleaned).
   */
  reindex(gaps = false): ScanResult {
    this.offsetIndex.file.clear();
    this.timeIndex.file.clear();
    this.maxTs = -1;
    this.offsetOfMaxTs = this.baseOffset;
    this.bytesSinceIndexEntry = 0;
    this.rollClock = null;
    this.recent.clear();
    const result = scanBatches(this.fd, this.logSize, this.baseOffset, (position, size, lastOffset, maxTimestamp) => {
      if (position === 0) this.rollClock = maxTimestamp;
      this.indexBatch(position, size, lastOffset, maxTimestamp);
    }, gaps);
    this.next = result.nextOffset;
    this.persistIndexes();
    return result;
  }

  /** Cuts the .log to its first `bytes`; reindex() must have stopped there. */
  truncateTo(bytes: number): void {
    ftruncateSync(this.fd, bytes);
    this.logSize = bytes;
    this.unsynced = true;
  }

  /** Cheap checks that loaded indexes are what appends wrote: present, well-formed, last entries matching the .log. */
  indexesLookSound(): boolean {
    const { offsetIndex: oi, timeIndex: ti } = this;
    if (!oi.file.existed || !ti.file.existed) return false;
    if (!oi.isWellFormed(this.next, this.logSize) || !ti.isWellFormed(this.next)) return false;
    try {
      if (oi.count > 0) {
        this.headerAt(oi.positionAt(oi.count - 1));
        if (batchLastOffset(HEADER, 0) !== oi.offsetAt(oi.count - 1)) return false;
      }
      if (ti.count > 0) {
        const offset = ti.offsetAt(ti.count - 1);
        this.headerAt(this.positionOf(offset));
        if (batchLastOffset(HEADER, 0) !== offset || batchMaxTimestamp(HEADER, 0) !== ti.timestampAt(ti.count - 1)) {
          return false;
        }
      }
    } catch (err) {
      if (err instanceof CorruptSegmentError) return false;
      throw err;
    }
    return true;
  }

  /**
   * Writes batches whose offsets were already assigned from nextOffset, with
   * one write, then indexes them.
   */
  append(batches: Buffer, now: number): void {
    const mark = this.mark();
    try {
      this.write(batches, now);
    } catch (err) {
      // A partial write (a full disk) would leave bytes that no position or index accounts for.
      this.rollBack(mark);
      throw err;
    }
  }

  private write(batches: Buffer, now: number): void {
    const start = this.logSize;
    writeAll(this.fd, batches);
    this.logSize += batches.length;
    this.unsynced = true;
    if (this.rollClock === null) this.rollClock = now;
    for (let at = 0; at < batches.length; ) {
      const size = batchSizeAt(batches, at);
      const lastOffset = batchLastOffset(batches, at);
      this.recent.set(batchBaseOffset(batches, at), start + at);
      this.indexBatch(start + at, size, lastOffset, batchMaxTimestamp(batches, at));
      this.next = lastOffset + 1;
      at += size;
    }
    this.persistIndexes();
  }

  /** What appends and seal() change, so that a failed one can be undone with rollBack. */
  mark(): SegmentMark {
    return {
      logSize: this.logSize,
      next: this.next,
      maxTs: this.maxTs,
      offsetOfMaxTs: this.offsetOfMaxTs,
      bytesSinceIndexEntry: this.bytesSinceIndexEntry,
      rollClock: this.rollClock,
      offsetIndexBytes: this.offsetIndex.file.usedBytes,
      timeIndexBytes: this.timeIndex.file.usedBytes,
    };
  }

  /**
   * Puts the segment back as it was at `mark`: memory first, so readers never see what is
   * undone even if cutting the files fails (which then throws).
   */
  rollBack(mark: SegmentMark): void {
    this.logSize = mark.logSize;
    this.next = mark.next;
    this.maxTs = mark.maxTs;
    this.offsetOfMaxTs = mark.offsetOfMaxTs;
    this.bytesSinceIndexEntry = mark.bytesSinceIndexEntry;
    this.rollClock = mark.rollClock;
    // Positions of batches undone could be taken for batches appended later at the same offsets.
    this.recent.clear();
    if (fstatSync(this.fd).size > mark.logSize) ftruncateSync(this.fd, mark.logSize);
    this.offsetIndex.file.truncateTo(mark.offsetIndexBytes);
    this.timeIndex.file.truncateTo(mark.timeIndexBytes);
  }

  /** Kafka's indexing rule: an entry for the first batch after more than indexIntervalBytes unindexed. */
  private indexBatch(position: number, size: number, lastOffset: number, maxTimestamp: number): void {
    if (maxTimestamp > this.maxTs) {
      this.maxTs = maxTimestamp;
      this.offsetOfMaxTs = lastOffset;
    }
    if (this.bytesSinceIndexEntry > this.indexIntervalBytes) {
      this.offsetIndex.append(lastOffset, position);
      this.timeIndex.maybeAppend(this.maxTs, this.offsetOfMaxTs);
      this.bytesSinceIndexEntry = 0;
    }
    this.bytesSinceIndexEntry += size;
  }

  private persistIndexes(): void {
    this.offsetIndex.file.persist();
    this.timeIndex.file.persist();
  }

  /** Ends appends here: the time index gets the segment's largest timestamp, which retention and time lookups read. */
  seal(): void {
    this.timeIndex.maybeAppend(this.maxTs, this.offsetOfMaxTs);
    this.persistIndexes();
    this.recent.clear();
  }

  /** Reads the header at `position` into HEADER and returns the batch size, refusing what no append wrote. */
  private headerAt(position: number): number {
    const got = readUpTo(this.fd, HEADER, BATCH_HEADER_SIZE, position);
    const size = got === BATCH_HEADER_SIZE ? batchSizeAt(HEADER, 0) : 0;
    if (size < BATCH_HEADER_SIZE || position + size > this.logSize) throw new CorruptSegmentError(this.logPath, position);
    return size;
  }

  /**
   * Position of the batch holding `offset`, or of the first batch after it when the cleaner
   * removed it; the segment's size when no batch of the segment is at or after it (a cleaned
   * segment can end before the next one begins). The caller ensures baseOffset <= offset < nextOffset.
   */
  positionOf(offset: number): number {
    const known = this.recent.get(offset);
    if (known !== undefined) return known;
    let position = this.offsetIndex.lookup(offset);
    for (;;) {
      if (position >= this.logSize) return this.logSize;
      const size = this.headerAt(position);
      if (batchLastOffset(HEADER, 0) >= offset) return position;
      position += size;
    }
  }

  /**
   * Whole batches from `position` that fit in maxBytes, read with one read;
   * when none fits, the first batch alone if `atLeastOne` (KIP-74), else nothing.
   */
  read(position: number, maxBytes: number, atLeastOne: boolean): Buffer {
    const want = Math.max(0, Math.min(maxBytes, this.logSize - position));
    let data = Buffer.allocUnsafe(want);
    if (readUpTo(this.fd, data, want, position) !== want) throw new CorruptSegmentError(this.logPath, position);
    let end = 0;
    let lastBatch = -1;
    while (end + BATCH_LOG_OVERHEAD <= want) {
      const size = batchSizeAt(data, end);
      if (size < BATCH_HEADER_SIZE) throw new CorruptSegmentError(this.logPath, position + end);
      if (end + size > want) break;
      lastBatch = end;
      end += size;
    }
    if (lastBatch < 0) {
      if (!atLeastOne || position >= this.logSize) return EMPTY;
      const size = this.headerAt(position);
      data = Buffer.allocUnsafe(size);
      if (readUpTo(this.fd, data, size, position) !== size) throw new CorruptSegmentError(this.logPath, position);
      lastBatch = 0;
      end = size;
    }
    this.recent.set(batchLastOffset(data, lastBatch) + 1, position + end);
    return data.subarray(0, end);
  }

  /**
   * The first batch with maxTimestamp >= `timestamp`, as its base offset and
   * that max timestamp; null when the segment has none.
   */
  findByTimestamp(timestamp: number): TimestampMatch | null {
    if (this.maxTs < timestamp) return null;
    let position = this.offsetIndex.lookup(this.timeIndex.lookup(timestamp));
    while (position < this.logSize) {
      const size = this.headerAt(position);
      const maxTimestamp = batchMaxTimestamp(HEADER, 0);
      if (maxTimestamp >= timestamp) return { offset: batchBaseOffset(HEADER, 0), timestamp: maxTimestamp };
      position += size;
    }
    return null;
  }

  /** The first batch's first timestamp (how long the segment's oldest record has waited), null when empty. */
  firstTimestamp(): number | null {
    if (this.logSize === 0) return null;
    this.headerAt(0);
    return readBatchHeader(HEADER, 0).baseTimestamp;
  }

  /** Calls `visit` with the header of every batch from `position` to the end of the segment. */
  forEachHeader(position: number, visit: (header: BatchHeader) => void): void {
    while (position < this.logSize) {
      const size = this.headerAt(position);
      visit(readBatchHeader(HEADER, 0));
      position += size;
    }
  }

  /** fsyncs the .log if written since the last sync, and the indexes too when asked. */
  sync(withIndexes: boolean): void {
    if (this.unsynced) {
      fsyncSync(this.fd);
      this.unsynced = false;
    }
    if (withIndexes) {
      this.offsetIndex.file.sync();
      this.timeIndex.file.sync();
    }
  }

  close(): void {
    closeSync(this.fd);
    this.offsetIndex.file.close();
    this.timeIndex.file.close();
  }

  /** Closes and removes the segment's files, .log first so a crash midway leaves only stray indexes. */
  deleteFiles(): void {
    this.close();
    rmSync(this.logPath, { force: true });
    rmSync(this.offsetIndex.file.path, { force: true });
    rmSync(this.timeIndex.file.path, { force: true });
  }
}
