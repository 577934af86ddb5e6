import type { Parsed } from '../../stream/runtime/dead-letters.js';
import { SEARCH_ENGINES } from '../access-log/generator.js';

/** A click on a course page, as seed 002 counts it. */
export interface CourseClick {
  /** yyyyMMdd, from the log line's own time (local time, as the log writes it). */
  readonly day: string;
  readonly courseId: string;
  /** The search engine the visitor came from, e.g. www.baidu.com; undefined for any other referer. */
  readonly searchHost: string | undefined;
}

/** Referers counted as search engines: the access-log generator's, and Google's. */
export const SEARCH_HOSTS: ReadonlySet<string> = new Set([...SEARCH_ENGINES.map((e) => e.host), 'www.google.com']);

const TIME = /^(\d{4})-(\d{2})-(\d{2}) \d{2}:\d{2}:\d{2}$/;
const REQUEST = /^"?[A-Z]+ (\S+) HTTP\/[\d.]+"?$/;
const COURSE_PAGE = /^\/class\/(\d+)\.html$/;

/**
 * Reads `ip<TAB>yyyy-MM-dd HH:mm:ss<TAB>"GET /class/130.html HTTP/1.1"<TAB>status<TAB>referer`.
 * A well-formed line for a page that is not a course (`/learn/821`) is accepted as null:
 * it is not counted, but it is not malformed either.
 */
export function parseAccessLine(text: string): Parsed<CourseClick | null> {
  const reject = (reason: string): Parsed<CourseClick | null> => ({ ok: false, reason, text });
  const fields = text.split('\t');
  if (fields.length !== 5) return reject(`expected 5 tab-separated fields (ip, time, request, status, referer), got ${fields.length}`);
  const [, time, request, , referer] = fields as [string, string, string, string, string];
  const day = TIME.exec(time);
  if (day === null) return reject('the time is not yyyy-MM-dd HH:mm:ss');
  const url = REQUEST.exec(request);
  if (url === null) return reject('the request is not like "GET /class/130.html HTTP/1.1"');
  const course = COURSE_PAGE.exec(url[1]!.split('?')[0]!);
  if (course === null) return { ok: true, value: null };
  return { ok: true, value: { day: `${day[1]}${day[2]}${day[3]}`, courseId: course[1]!, searchHost: searchHostOf(referer) } };
}

function searchHostOf(referer: string): string | undefined {
  if (referer === '-' || referer === '') return undefined;
  try {
    const host = new URL(referer).host;
    return SEARCH_HOSTS.has(host) ? host : undefined;
  } catch {
    return undefined;
  }
}
