import { BATCH_HEADER_SIZE } from '../../protocol/records/batch-header.js';
import { InvalidLogConfigError } from './errors.js';

export interface LogConfig {
  /** Roll to a new segment before an append would take the active one past this size. */
  segmentBytes: number;
  /** Roll to a new segment once this long has passed since the active one's first append. */
  segmentMs: number;
  /** Delete whole sealed segments whose largest timestamp is older than this; -1 keeps them forever. */
  retentionMs: number;
  /** Delete the oldest sealed segments while the rest still hold at least this many bytes; -1 disables. */
  retentionBytes: number;
  /** Bytes of log between sparse index entries. */
  indexIntervalBytes: number;
  /** fsync once this many messages were appended since the last flush; unset leaves it to the page cache. */
  flushMessages?: number;
  /** fsync once this many ms passed since the last flush (checked on append and by maybeFlush). */
  flushMs?: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export const DEFAULT_LOG_CONFIG: Readonly<LogConfig> = {
  segmentBytes: 1024 * 1024 * 1024,
  segmentMs: 7 * DAY_MS,
  retentionMs: 7 * DAY_MS,
  retentionBytes: -1,
  indexIntervalBytes: 4096,
};

/** Index entries store file positions as int32, which caps a segment's size. */
export const MAX_SEGMENT_BYTES = 2 ** 31 - 1;

function check(ok: boolean, name: keyof LogConfig, value: unknown, want: string): void {
  if (!ok) throw new InvalidLogConfigError(`log config ${name}=${String(value)} is invalid: ${want}`);
}

function disabledOrAtLeastZero(v: number): boolean {
  return v === -1 || v >= 0;
}

export function validateLogConfig(c: LogConfig): void {
  check(
    Number.isInteger(c.segmentBytes) && c.segmentBytes >= BATCH_HEADER_SIZE && c.segmentBytes <= MAX_SEGMENT_BYTES,
    'segmentBytes',
    c.segmentBytes,
    `use an integer from ${BATCH_HEADER_SIZE} to ${MAX_SEGMENT_BYTES}`,
  );
  check(c.segmentMs > 0, 'segmentMs', c.segmentMs, 'use a positive number of milliseconds');
  check(disabledOrAtLeastZero(c.retentionMs), 'retentionMs', c.retentionMs, 'use -1 (keep forever) or milliseconds >= 0');
  check(disabledOrAtLeastZero(c.retentionBytes), 'retentionBytes', c.retentionBytes, 'use -1 (no limit) or bytes >= 0');
  check(
    Number.isInteger(c.indexIntervalBytes) && c.indexIntervalBytes >= 0,
    'indexIntervalBytes',
    c.indexIntervalBytes,
    'use an integer >= 0',
  );
  check(
    c.flushMessages === undefined || (Number.isInteger(c.flushMessages) && c.flushMessages >= 1),
    'flushMessages',
    c.flushMessages,
    'leave it unset (page cache only) or use an integer >= 1',
  );
  check(c.flushMs === undefined || c.flushMs >= 0, 'flushMs', c.flushMs, 'leave it unset (page cache only) or use ms >= 0');
}
