import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KafkaRecord } from '../../src/protocol/records/record.js';

/** What the pipeline should have computed, worked out here from its raw inputs, independently of the jobs. */

export function genderCounts(sex: KafkaRecord[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of sex) {
    const v = r.value?.toString() ?? '';
    if (v === '0' || v === '1' || v === '2') counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  return counts;
}

/** Sums every window of `result`, keeping the last value written for each window (a restart may write one again). */
export function summedWindows(result: KafkaRecord[]): Map<string, number> {
  const lastPerWindow = new Map<string, string>();
  for (const r of result) lastPerWindow.set(r.key!.toString(), r.value!.toString());
  const sums = new Map<string, number>();
  for (const value of lastPerWindow.values()) {
    for (const entry of JSON.parse(value) as Record<string, number>[]) {
      for (const [k, n] of Object.entries(entry)) sums.set(k, (sums.get(k) ?? 0) + n);
    }
  }
  return sums;
}

/** Seed 001's popularity over every message, as its Scala computes it: fields as Float, arithmetic in Double. */
export function popularityTop10(messages: KafkaRecord[]): { page: string; popularity: number }[] {
  const sums = new Map<string, number>();
  for (const r of messages) {
    const [page, clicks, stay, like] = r.value!.toString().split('|');
    const p = 0.8 * Math.fround(Number(clicks)) + 0.8 * Math.fround(Number(stay)) + Math.fround(Number(like));
    sums.set(page!, (sums.get(page!) ?? 0) + p);
  }
  return [...sums]
    .map(([page, popularity]) => ({ page, popularity }))
    .sort((a, b) => b.popularity - a.popularity || (a.page < b.page ? -1 : a.page > b.page ? 1 : 0))
    .slice(0, 10);
}

const SEARCH_HOSTS = new Set(['www.baidu.com', 'www.sogou.com', 'cn.bing.com', 'search.yahoo.com']);

/** Course clicks per `yyyyMMdd_id` and per `yyyyMMdd_host_id`, from every access log file, rotated ones included. */
export function courseCounts(logDir: string): { clicks: Map<string, number>; search: Map<string, number>; lines: number } {
  const clicks = new Map<string, number>();
  const search = new Map<string, number>();
  let lines = 0;
  for (const name of readdirSync(logDir).filter((n) => n.startsWith('access.log'))) {
    for (const line of readFileSync(join(logDir, name), 'utf8').split('\n')) {
      if (line === '') continue;
      lines++;
      const [, time, request, , referer] = line.split('\t');
      const course = /^"GET \/class\/(\d+)\.html HTTP\/1\.1"$/.exec(request ?? '');
      if (!course) continue;
      const day = time!.slice(0, 10).replaceAll('-', '');
      const key = `${day}_${course[1]}`;
      clicks.set(key, (clicks.get(key) ?? 0) + 1);
      if (referer && referer !== '-') {
        const host = new URL(referer).host;
        if (SEARCH_HOSTS.has(host)) search.set(`${day}_${host}_${course[1]}`, (search.get(`${day}_${host}_${course[1]}`) ?? 0) + 1);
      }
    }
  }
  return { clicks, search, lines };
}

/** The latest total per row key from the `course-clicks` topic. */
export function courseTotalsFromTopic(records: KafkaRecord[], table: string): Map<string, number> {
  const totals = new Map<string, number>();
  for (const r of records) {
    const v = JSON.parse(r.value!.toString()) as { table: string; rowKey: string; count: number };
    if (v.table === table) totals.set(v.rowKey, Math.max(totals.get(v.rowKey) ?? 0, v.count));
  }
  return totals;
}
