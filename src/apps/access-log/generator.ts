import { Random } from '../random.js';

/** The course pages seed 002's access log counts clicks on. */
export const ACCESS_URLS = [
  'class/112.html',
  'class/128.html',
  'class/145.html',
  'class/146.html',
  'class/130.html',
  'class/131.html',
  'learn/821',
  'course/list',
] as const;

export const ACCESS_STATUSES = [200, 404, 500] as const;

/** Search engines and their query URL; the host is what the referer statistics group by. */
export const SEARCH_ENGINES = [
  { host: 'www.baidu.com', url: 'https://www.baidu.com/s?wd=' },
  { host: 'www.sogou.com', url: 'https://www.sogou.com/web?query=' },
  { host: 'cn.bing.com', url: 'https://cn.bing.com/search?q=' },
  { host: 'search.yahoo.com', url: 'https://search.yahoo.com/search?p=' },
] as const;

export const SEARCH_KEYWORDS = ['Spark SQL实战', 'Hadoop基础', 'Storm实战', 'Spark Streaming实战', '大数据面试'] as const;

/** Octets IPs are built from, as the course's Python log generator does, so that IPs repeat and group. */
const IP_OCTETS = [132, 156, 124, 10, 29, 167, 143, 187, 30, 46, 55, 63, 72, 87, 98, 168] as const;

/** Share of lines with no referer (`-`). */
export const NO_REFERER_SHARE = 0.8;

/**
 * Access-log lines `ip<TAB>yyyy-MM-dd HH:mm:ss<TAB>"GET /url HTTP/1.1"<TAB>status<TAB>referer`.
 * The same seed gives the same ips, urls, statuses and referers; the time is
 * whatever `now` says, in local time as the course's generator writes it.
 */
export class AccessLogGenerator {
  readonly #random: Random;

  constructor(seed: number) {
    this.#random = new Random(seed);
  }

  nextLine(now: Date): string {
    const r = this.#random;
    const ip = `${r.pick(IP_OCTETS)}.${r.pick(IP_OCTETS)}.${r.pick(IP_OCTETS)}.${r.pick(IP_OCTETS)}`;
    const url = r.pick(ACCESS_URLS);
    const status = r.pick(ACCESS_STATUSES);
    const referer = r.next() < NO_REFERER_SHARE ? '-' : r.pick(SEARCH_ENGINES).url + r.pick(SEARCH_KEYWORDS);
    return `${ip}\t${formatTime(now)}\t"GET /${url} HTTP/1.1"\t${status}\t${referer}`;
  }
}

export function formatTime(d: Date): string {
  const p = (n: number) => (n < 10 ? `0${n}` : String(n));
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
