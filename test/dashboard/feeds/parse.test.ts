import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCounterValues } from '../../../src/dashboard/feeds/courses.js';
import { parseGenderCounts } from '../../../src/dashboard/feeds/gender.js';
import { parseJobReport } from '../../../src/dashboard/feeds/job-metrics.js';
import { ResultFormatError } from '../../../src/dashboard/feeds/parse.js';
import { parseTopPages } from '../../../src/dashboard/feeds/popularity.js';
import { recordWindow } from '../../../src/dashboard/feeds/record-window.js';

describe('result formats', () => {
  it("reads the seeds' gender JSON, in any order, a missing gender being 0", () => {
    assert.deepEqual(parseGenderCounts('[{"0":1},{"2":3},{"1":6}]'), { girls: 1, boys: 6, unknown: 3 });
    assert.deepEqual(parseGenderCounts('[{"1":4}]'), { girls: 0, boys: 4, unknown: 0 });
    assert.deepEqual(parseGenderCounts('[["0",2],["1",5]]'), { girls: 2, boys: 5, unknown: 0 });
  });

  it('refuses what is not a gender count, saying which topic and what to fix', () => {
    for (const bad of ['3,6', '[{"0":"many"}]', 'null', '[1,2]', null]) {
      assert.throws(() => parseGenderCounts(bad), (e: unknown) => e instanceof ResultFormatError && e.message.includes('topic "result"') && e.message.includes('docs/dashboard.md'));
    }
  });

  it('reads a top-10 as the popularity job writes it, or as pairs, best first', () => {
    assert.deepEqual(parseTopPages('[{"page":"page37","popularity":12.3},{"page":"page2","popularity":40}]'), [
      { page: 'page2', popularity: 40 },
      { page: 'page37', popularity: 12.3 },
    ]);
    assert.deepEqual(parseTopPages('[["page37",12.3]]'), [{ page: 'page37', popularity: 12.3 }]);
    const eleven = JSON.stringify(Array.from({ length: 11 }, (_, i) => ({ page: `p${i}`, popularity: i })));
    assert.equal(parseTopPages(eleven).length, 10);
    assert.equal(parseTopPages(eleven).at(-1)!.page, 'p1');
  });

  it("reads the course-clicks job's counter totals and the store's counters alike", () => {
    assert.deepEqual(parseCounterValues('{"table":"course-clicks","rowKey":"20261121_112","count":42}'), [{ table: 'course-clicks', rowKey: '20261121_112', value: 42 }]);
    assert.deepEqual(parseCounterValues('[{"rowKey":"20261121_www.baidu.com_130","value":7}]'), [
      { table: 'course-search-clicks', rowKey: '20261121_www.baidu.com_130', value: 7 },
    ]);
    assert.throws(() => parseCounterValues('{"rowKey":"20261121_112"}'), ResultFormatError);
  });

  it("reads the runtime's metrics object, keeping every figure and counter", () => {
    const report = parseJobReport(
      JSON.stringify({ job: 'gender', applicationId: 'gender', instance: 'h-1', at: 5, recordsInPerSec: 10, recordsOutPerSec: 1, lag: 3, stateSize: 4, tasks: ['0_0'], counters: { deadLettered: 2 } }),
    );
    assert.deepEqual(report, { job: 'gender', applicationId: 'gender', instance: 'h-1', at: 5, figures: { at: 5, recordsInPerSec: 10, recordsOutPerSec: 1, lag: 3, stateSize: 4 }, counters: { deadLettered: 2 } });
    assert.throws(() => parseJobReport('{"job":"gender"}'), ResultFormatError);
  });

  it('finds the window in the headers, else the key, else the second of the timestamp', () => {
    const headers = new Map([
      ['window.start', '5000'],
      ['window.end', '6000'],
    ]);
    assert.deepEqual(recordWindow({ headers, key: '', timestamp: 1 }), { start: 5000, end: 6000 });
    assert.deepEqual(recordWindow({ headers: new Map(), key: '{"start":7000,"end":9000}', timestamp: 1 }), { start: 7000, end: 9000 });
    assert.deepEqual(recordWindow({ headers: new Map(), key: 'k', timestamp: 12_345 }), { start: 12_000, end: 13_000 });
  });
});
