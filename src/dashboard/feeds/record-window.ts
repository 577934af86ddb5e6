import type { FeedRecord } from './topic-feed.js';

export interface RecordWindow {
  start: number;
  end: number;
}

/**
 * The window a result record covers: the `window.start`/`window.end` headers when the
 * job sets them, else a key like `{"start":…,"end":…}` (what the stream library's
 * collect() and toStream() write), else the second that holds the record's timestamp.
 */
export function recordWindow(record: Pick<FeedRecord, 'key' | 'headers' | 'timestamp'>, fallbackSizeMs = 1000): RecordWindow {
  const start = Number(record.headers.get('window.start'));
  const end = Number(record.headers.get('window.end'));
  if (Number.isFinite(start) && Number.isFinite(end) && record.headers.has('window.start') && end > start) return { start, end };
  const fromKey = keyWindow(record.key);
  if (fromKey) return fromKey;
  const ts = Number(record.timestamp);
  const floor = ts - (ts % fallbackSizeMs);
  return { start: floor, end: floor + fallbackSizeMs };
}

function keyWindow(key: string | undefined | null): RecordWindow | undefined {
  if (!key || key[0] !== '{') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(key);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { start, end } = parsed as { start?: unknown; end?: unknown };
  if (typeof start !== 'number' || typeof end !== 'number' || !(end > start)) return undefined;
  return { start, end };
}
