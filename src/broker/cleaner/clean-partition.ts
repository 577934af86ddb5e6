import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Logger } from '../../log.js';
import type { RecordBatch } from '../../protocol/records/record-batch.js';
import type { PartitionLog } from '../log/partition-log.js';
import { cleanBatches } from './clean-batches.js';
import type { CleanerSettings } from './cleaner-settings.js';
import { tombstonesExpired, type CleaningPlan, type SegmentInfo } from './cleaning-plan.js';
import { OffsetMap } from './offset-map.js';

/** Offsets in a segment are indexed relative to its base as int32, which bounds what one cleaned segment may span. */
const MAX_RELATIVE_OFFSET = 2 ** 31 - 1;

export interface PartitionCleanResult {
  /** False when the log changed under the clean (retention, DeleteRecords, close) or a stop was asked: try again later. */
  complete: boolean;
  segmentsIn: number;
  segmentsOut: number;
  bytesIn: number;
  bytesOut: number;
  recordsIn: number;
  recordsKept: number;
  keys: number;
  /** When the tombstones this clean kept may be dropped; null when it kept none. */
  tombstonesDueMs: number | null;
}

/**
 * Runs of consecutive segments that become one cleaned segment each, as Kafka groups them:
 * together no more bytes than a segment may hold and no wider an offset span than its index can address.
 */
export function groupSegments(segments: readonly SegmentInfo[], maxBytes: number): SegmentInfo[][] {
  const groups: SegmentInfo[][] = [];
  let current: SegmentInfo[] = [];
  let bytes = 0;
  for (const s of segments) {
    const fits = current.length > 0 && bytes + s.bytes <= maxBytes && s.nextOffset - current[0]!.baseOffset - 1 <= MAX_RELATIVE_OFFSET;
    if (!fits && current.length > 0) {
      groups.push(current);
      current = [];
      bytes = 0;
    }
    current.push(s);
    bytes += s.bytes;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

export interface PartitionCleanInput {
  log: PartitionLog;
  plan: CleaningPlan;
  settings: CleanerSettings;
  nowMs: number;
  /** True for a batch of an aborted transaction: its records are neither kept nor let supersede others. */
  isAborted: (batch: RecordBatch) => boolean;
  /** Checked between slices; true ends the clean early, leaving the log whole. */
  stopping: () => boolean;
  logger: Logger;
}

/**
 * Cleans one partition by its plan, in slices: one segment read per turn of the event loop
 * while the offset map is built, then one group rewritten and swapped in per turn, so produce
 * and fetch wait at most for one segment's worth of work. Each swap is crash safe on its own;
 * stopping between two leaves a log that is partly cleaned and wholly right.
 */
export async function cleanPartition(input: PartitionCleanInput): Promise<PartitionCleanResult> {
  const { log, plan, settings, nowMs, isAborted, stopping, logger } = input;
  const result: PartitionCleanResult = {
    complete: false,
    segmentsIn: 0,
    segmentsOut: 0,
    bytesIn: 0,
    bytesOut: 0,
    recordsIn: 0,
    recordsKept: 0,
    keys: 0,
    tombstonesDueMs: null,
  };
  const offsets = new OffsetMap();
  const stillThere = (base: number) => log.hasClosedSegment(base);
  for (const s of plan.segments) {
    if (s.nextOffset <= plan.firstDirtyOffset) continue;
    if (stopping() || !stillThere(s.baseOffset)) return result;
    offsets.addBatches(log.readSegment(s.baseOffset), isAborted);
    await yieldToEventLoop();
  }
  result.keys = offsets.size;
  for (const group of groupSegments(plan.segments, log.maxSegmentBytes)) {
    if (stopping() || !group.every((s) => stillThere(s.baseOffset))) return result;
    const parts: Buffer[] = [];
    let groupBytesIn = 0;
    let tombstones = 0;
    for (const s of group) {
      const raw = log.readSegment(s.baseOffset);
      const cleaned = cleanBatches(raw, { offsets, dropTombstones: tombstonesExpired(s, settings, nowMs), isAborted });
      parts.push(cleaned.batches);
      groupBytesIn += raw.length;
      result.recordsIn += cleaned.recordsIn;
      result.recordsKept += cleaned.recordsKept;
      tombstones += cleaned.tombstonesKept;
    }
    const batches = Buffer.concat(parts);
    const first = group[0]!;
    const last = group[group.length - 1]!;
    // A lone segment that lost nothing is left as it is: rewriting it would only cost I/O.
    const unchanged = group.length === 1 && batches.length === groupBytesIn;
    if (!unchanged) {
      if (!log.replaceSegments(first.baseOffset, last.nextOffset, batches)) return result;
      logger.debug({ base: first.baseOffset, next: last.nextOffset, segmentsIn: group.length, bytesIn: groupBytesIn, bytesOut: batches.length }, 'swapped in a cleaned segment');
    }
    if (tombstones > 0) {
      // The cleaned segment's largest timestamp is the group's; its tombstones may go delete.retention.ms after it.
      const due = Math.max(...group.map((s) => s.maxTimestampMs)) + settings.deleteRetentionMs + 1;
      result.tombstonesDueMs = Math.min(result.tombstonesDueMs ?? due, due);
    }
    result.segmentsIn += group.length;
    result.segmentsOut += 1;
    result.bytesIn += groupBytesIn;
    result.bytesOut += batches.length;
    await yieldToEventLoop();
  }
  result.complete = true;
  return result;
}
