import type { OutgoingMessage } from '../../client/index.js';
import type { ResetTo } from './groups.js';
import type { StartAt } from './messages.js';

/** Most messages one browse shows. */
export const MAX_BROWSE = 1000;

/** What a console request asked for, or the fault to tell the user (answered with 400). */
export type Parsed<T> = T | { fault: string };
export const isFault = <T>(p: Parsed<T>): p is { fault: string } => typeof p === 'object' && p !== null && 'fault' in p;

const wholeNumber = (v: unknown): number | undefined => {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isSafeInteger(n) ? n : undefined;
};

export interface BrowseParams {
  partition?: string;
  from?: string;
  offset?: string;
  time?: string;
  limit?: string;
}

export function parseBrowse(q: BrowseParams): Parsed<{ partition: number | undefined; start: StartAt; limit: number }> {
  const partition = q.partition === undefined || q.partition === '' || q.partition === 'all' ? undefined : wholeNumber(q.partition);
  if (partition === undefined && !(q.partition === undefined || q.partition === '' || q.partition === 'all')) return { fault: 'partition is a partition number or "all"' };
  const limit = q.limit === undefined ? 100 : wholeNumber(q.limit);
  if (limit === undefined || limit < 1 || limit > MAX_BROWSE) return { fault: `limit is a whole number from 1 to ${MAX_BROWSE}` };
  const from = q.from ?? 'beginning';
  if (from === 'beginning' || from === 'end') return { partition, start: { from }, limit };
  if (from === 'offset') {
    const offset = wholeNumber(q.offset);
    return offset === undefined || offset < 0 ? { fault: 'from=offset needs offset, a whole number from 0' } : { partition, start: { from, offset }, limit };
  }
  if (from === 'time') {
    const time = wholeNumber(q.time) ?? (q.time === undefined ? undefined : Date.parse(q.time));
    return time === undefined || Number.isNaN(time) ? { fault: 'from=time needs time, epoch ms or an ISO date' } : { partition, start: { from, time }, limit };
  }
  return { fault: 'from is one of beginning, end, offset, time' };
}

export interface ProduceBody {
  key?: unknown;
  value?: unknown;
  headers?: unknown;
  partition?: unknown;
}

export function parseProduce(topic: string, body: ProduceBody | undefined): Parsed<OutgoingMessage> {
  const { key = null, value = null, headers = {}, partition } = body ?? {};
  if (key !== null && typeof key !== 'string') return { fault: 'key is a string, or null for none' };
  if (value !== null && typeof value !== 'string') return { fault: 'value is a string, or null for a tombstone' };
  if (typeof headers !== 'object' || headers === null || Object.values(headers).some((v) => typeof v !== 'string')) return { fault: 'headers maps names to string values' };
  const p = partition === undefined || partition === null || partition === '' ? undefined : wholeNumber(partition);
  if (p === undefined && !(partition === undefined || partition === null || partition === '')) return { fault: 'partition is a partition number, or empty for the partitioner to choose' };
  return { topic, key, value, headers: headers as Record<string, string>, ...(p !== undefined && { partition: p }) };
}

export interface ResetBody {
  topic?: unknown;
  to?: unknown;
  time?: unknown;
  offset?: unknown;
}

export function parseReset(body: ResetBody | undefined): Parsed<{ topic: string; target: ResetTo }> {
  const { topic, to, time, offset } = body ?? {};
  if (typeof topic !== 'string' || topic === '') return { fault: 'name the topic whose offsets to reset' };
  if (to === 'earliest' || to === 'latest') return { topic, target: { to } };
  if (to === 'offset') {
    const o = wholeNumber(offset);
    return o === undefined || o < 0 ? { fault: 'to=offset needs offset, a whole number from 0' } : { topic, target: { to, offset: o } };
  }
  if (to === 'time') {
    const t = wholeNumber(time) ?? (typeof time === 'string' ? Date.parse(time) : undefined);
    return t === undefined || Number.isNaN(t) ? { fault: 'to=time needs time, epoch ms or an ISO date' } : { topic, target: { to, time: t } };
  }
  return { fault: 'to is one of earliest, latest, time, offset' };
}
