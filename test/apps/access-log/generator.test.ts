import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ACCESS_STATUSES, ACCESS_URLS, AccessLogGenerator, SEARCH_ENGINES, SEARCH_KEYWORDS, formatTime } from '../../../src/apps/access-log/generator.js';

const AT = new Date(2018, 10, 11, 9, 5, 7);
const LINE = /^(\d+\.\d+\.\d+\.\d+)\t(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)\t"GET \/(\S+) HTTP\/1\.1"\t(\d{3})\t(.+)$/;

function lines(seed: number, n: number): string[] {
  const g = new AccessLogGenerator(seed);
  return Array.from({ length: n }, () => g.nextLine(AT));
}

test('lines have the five tab-separated fields of the course log', () => {
  for (const line of lines(1, 3000)) {
    const m = LINE.exec(line);
    assert.ok(m, line);
    assert.equal(m[2], '2018-11-11 09:05:07');
    assert.ok((ACCESS_URLS as readonly string[]).includes(m[3]!), m[3]);
    assert.ok((ACCESS_STATUSES as readonly number[]).includes(Number(m[4])), m[4]);
    const referer = m[5]!;
    if (referer !== '-') {
      const engine = SEARCH_ENGINES.find((e) => referer.startsWith(e.url));
      assert.ok(engine, referer);
      assert.ok((SEARCH_KEYWORDS as readonly string[]).includes(referer.slice(engine.url.length)), referer);
    }
  }
});

test('the same seed gives the same lines; another seed other lines', () => {
  assert.deepEqual(lines(3, 200), lines(3, 200));
  assert.notDeepEqual(lines(3, 200), lines(4, 200));
});

test('the referer is - 80% of the time; urls, statuses and engines are uniform', () => {
  const fields = lines(2, 20_000).map((l) => l.split('\t'));
  const share = (pick: (f: string[]) => boolean, of = fields) => of.filter(pick).length / of.length;
  assert.ok(Math.abs(share((f) => f[4] === '-') - 0.8) < 0.01);
  assert.ok(Math.abs(share((f) => f[2] === '"GET /learn/821 HTTP/1.1"') - 1 / 8) < 0.01);
  assert.ok(Math.abs(share((f) => f[3] === '404') - 1 / 3) < 0.015);
  const searched = fields.filter((f) => f[4] !== '-');
  for (const e of SEARCH_ENGINES) assert.ok(Math.abs(share((f) => f[4]!.startsWith(e.url), searched) - 0.25) < 0.03, e.host);
});

test('time is written yyyy-MM-dd HH:mm:ss with zero padding', () => {
  assert.equal(formatTime(new Date(2019, 0, 2, 3, 4, 5)), '2019-01-02 03:04:05');
});
