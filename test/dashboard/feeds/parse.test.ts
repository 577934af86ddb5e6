import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCounterValues } from '../../../src/dashboard/feeds/courses.js';
import { parseGenderCounts } from '../../../src/dashboard/feeds/gender.js';
import { JobMetricsModel, parseJobReport } from '../../../src/dashboard/feeds/job-metrics.js';
import { ResultFormatError } from '../../../src/dashboard/feeds/parse.js';
import { parseTopPages } from '../../../src/dashboard/feeds/popularity.js';
import { recordWindow } from '../../../src/dashboard/feeds/record-window.js';
import type { FeedRecord } from '../../../src/dashboard/feeds/topic-feed.js';

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
    assert.deepEqual(report, { job: 'gender', applicationId: 'gender', instance: 'h-1', at: 5, figures: { at: 5, recordsInPerSec: 10, recordsOutPerSec: 1, lag: 3, stateSize: 4 }, counters: { deadLettered: 2 }, queryUrl: null, tasks: [] });
    const serving = parseJobReport(JSON.stringify({ job: 'gender', at: 5, recordsInPerSec: 0, recordsOutPerSec: 0, lag: 0, queryUrl: 'http://127.0.0.1:7071' }));
    assert.equal(serving.queryUrl, 'http://127.0.0.1:7071', 'the query server the job serves its stores on');
    assert.equal(parseJobReport(JSON.stringify({ job: 'gender', at: 5, recordsInPerSec: 0, recordsOutPerSec: 0, lag: 0, queryUrl: 'javascript:alert(1)' })).queryUrl, null, 'only http(s) links');
    assert.throws(() => parseJobReport('{"job":"gender"}'), ResultFormatError);
    const withTasks = parseJobReport(
      JSON.stringify({
        job: 'gender', at: 5, recordsInPerSec: 0, recordsOutPerSec: 0, lag: 0,
        taskDetails: [{ id: '0_1', recordsIn: 7, lateRecords: 1, lag: 2, stores: { counts: 3, bad: 'x' } }, { id: 3 }, 'junk'],
      }),
    );
    assert.deepEqual(withTasks.tasks, [{ id: '0_1', recordsIn: 7, lateRecords: 1, lag: 2, stores: { counts: 3 } }], "the runtime's tasks kept, anything else left out");
  });

  it("lists the query servers of a job's live instances, for /system to link to", () => {
    const model = new JobMetricsModel();
    const report = (instance: string, at: number, queryUrl: string | null) =>
      ({ value: JSON.stringify({ job: 'gender', instance, at, recordsInPerSec: 0, recordsOutPerSec: 0, lag: 0, queryUrl }) }) as FeedRecord;
    model.take(report('b', 100_000, 'http://127.0.0.1:2'));
    model.take(report('a', 100_000, 'http://127.0.0.1:1'));
    model.take(report('gone', 50_000, 'http://127.0.0.1:3'));
    model.take(report('none', 100_000, null));
    assert.deepEqual(model.list(100_000, { checkpointSeenAt: () => undefined, committedLag: () => undefined }).map((j) => [j.instances, j.queryUrls]), [[3, ['http://127.0.0.1:1', 'http://127.0.0.1:2']]]);
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
