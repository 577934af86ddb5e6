import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAccessLine } from '../../../src/apps/course-clicks/access-line.js';
import { clicksOf, COURSE_CLICKS_TABLE, SEARCH_CLICKS_TABLE } from '../../../src/apps/course-clicks/course-clicks-job.js';

const line = (request: string, referer = '-', time = '2026-11-21 10:15:07') => `10.29.132.156\t${time}\t${request}\t200\t${referer}`;

test('a course page gives the day and course; a search-engine referer adds its host', () => {
  assert.deepEqual(parseAccessLine(line('"GET /class/130.html HTTP/1.1"')), { ok: true, value: { day: '20261121', courseId: '130', searchHost: undefined } });
  assert.deepEqual(parseAccessLine(line('"GET /class/8.html HTTP/1.1"', 'https://www.baidu.com/s?wd=Spark SQL实战')), {
    ok: true,
    value: { day: '20261121', courseId: '8', searchHost: 'www.baidu.com' },
  });
  const other = parseAccessLine(line('"GET /class/130.html HTTP/1.1"', 'https://example.org/blog'));
  assert.ok(other.ok && other.value?.searchHost === undefined, 'a referer that is no search engine counts as a plain click');
});

test('a well-formed line for another page is read but not counted; a malformed one is refused', () => {
  assert.deepEqual(parseAccessLine(line('"GET /learn/821 HTTP/1.1"')), { ok: true, value: null });
  assert.deepEqual(parseAccessLine(line('"GET /class/130.htmlx HTTP/1.1"')), { ok: true, value: null });
  for (const bad of ['', 'a\tb\tc', line('"GET /class/130.html HTTP/1.1"', '-', '21/11/2026 10:15'), line('GET')]) {
    const parsed = parseAccessLine(bad);
    assert.ok(!parsed.ok && parsed.reason.length > 0, JSON.stringify(bad));
  }
});

test('row keys are yyyyMMdd_courseId and yyyyMMdd_host_courseId, as the seed’s HBase tables have them', () => {
  assert.deepEqual(clicksOf({ day: '20181111', courseId: '8', searchHost: 'www.baidu.com' }), [
    { table: COURSE_CLICKS_TABLE, rowKey: '20181111_8' },
    { table: SEARCH_CLICKS_TABLE, rowKey: '20181111_www.baidu.com_8' },
  ]);
  assert.deepEqual(clicksOf({ day: '20181111', courseId: '1', searchHost: undefined }), [{ table: COURSE_CLICKS_TABLE, rowKey: '20181111_1' }]);
});
