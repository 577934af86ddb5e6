import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadPageConfigs, PageConfigFileError } from '../../../src/dashboard/topic-pages/load-page-configs.js';
import { PageConfigError, parsePageConfig } from '../../../src/dashboard/topic-pages/page-config.js';
import { PageRecordError, pointsOf } from '../../../src/dashboard/topic-pages/page-points.js';
import type { FeedRecord } from '../../../src/dashboard/feeds/topic-feed.js';
import { REPO_ROOT } from '../../helpers/broker.js';

const parse = (raw: unknown) => parsePageConfig(raw, 'x.json', 'x');

/** Asserts the config is refused, naming the key at fault and the file. */
function refuses(raw: unknown, key: string, detail?: RegExp) {
  assert.throws(
    () => parse(raw),
    (e: unknown) => {
      assert.ok(e instanceof PageConfigError, String(e));
      assert.equal(e.key, key);
      assert.ok(e.message.startsWith(`page config x.json: "${key}" `), e.message);
      if (detail) assert.match(e.message, detail);
      return true;
    },
  );
}

const record = (value: unknown, timestamp = 1_000): FeedRecord => ({
  topic: 't',
  partition: 0,
  offset: 0,
  key: null,
  value: JSON.stringify(value),
  headers: new Map(),
  timestamp,
});

describe('page configs', () => {
  it('fills the defaults: name from the file, title from the topic, record timestamps, a line over 5 minutes, the last value', () => {
    assert.deepEqual(parse({ topic: 'result', series: ['0'] }), {
      name: 'x',
      title: 'result',
      topic: 'result',
      time: { from: 'timestamp' },
      series: { kind: 'fields', fields: [{ field: '0', name: '0' }] },
      chart: 'line',
      reduce: 'last',
      windowMs: 300_000,
    });
  });

  it('reads every key', () => {
    const page = parse({
      name: 'sales-by-region',
      title: 'Sales',
      topic: 'sales',
      time: { field: 'at' },
      series: { splitBy: 'region', value: 'amount' },
      chart: 'pie',
      reduce: 'sum',
      window: '90s',
    });
    assert.deepEqual(page, {
      name: 'sales-by-region',
      title: 'Sales',
      topic: 'sales',
      time: { from: 'field', field: 'at' },
      series: { kind: 'split', splitBy: 'region', value: 'amount' },
      chart: 'pie',
      reduce: 'sum',
      windowMs: 90_000,
    });
    assert.equal(parse({ topic: 't', series: ['a'], window: '2h' }).windowMs, 7_200_000);
    assert.equal(parse({ topic: 't', series: ['a'], window: 1500 }).windowMs, 1500);
    assert.deepEqual(parse({ topic: 't', series: [{ field: 'a', name: 'A', color: '#abc' }] }).series, { kind: 'fields', fields: [{ field: 'a', name: 'A', color: '#abc' }] });
  });

  it('refuses a bad config, naming the key at fault', () => {
    refuses([], '(top level)', /JSON object/);
    refuses({ series: ['a'] }, 'topic', /non-empty string; got nothing/);
    refuses({ topic: 't', series: ['a'], charts: 'pie' }, 'charts', /not a page config key; the keys are name, title, topic/);
    refuses({ topic: 't', series: ['a'], chart: 'area' }, 'chart', /one of line, bar, pie, number; got "area"/);
    refuses({ topic: 't', series: ['a'], reduce: 'median' }, 'reduce', /one of last, sum, avg, max, min/);
    refuses({ topic: 't', series: ['a'], window: '5 minutes' }, 'window', /"30s", "5m" or "1h"/);
    refuses({ topic: 't', series: ['a'], window: '10ms' }, 'window', /between 1s and 7d/);
    refuses({ topic: 't', series: ['a'], time: 'ts' }, 'time', /"timestamp".*\{"field": "<name>"\}/);
    refuses({ topic: 't', series: ['a'], time: { field: '' } }, 'time.field');
    refuses({ topic: 't', series: ['a'], time: { field: 'ts', format: 'iso' } }, 'time.format');
    refuses({ topic: 't' }, 'series', /list of fields or \{"splitBy"/);
    refuses({ topic: 't', series: [] }, 'series', /at least one field/);
    refuses({ topic: 't', series: ['a', 7] }, 'series[1]');
    refuses({ topic: 't', series: [{ name: 'A' }] }, 'series[0].field');
    refuses({ topic: 't', series: [{ field: 'a', label: 'A' }] }, 'series[0].label');
    refuses({ topic: 't', series: [{ field: 'a', color: 'red' }] }, 'series[0].color', /hex colour/);
    refuses({ topic: 't', series: ['a', { field: 'b', name: 'a' }] }, 'series[1]', /repeats the series name "a"/);
    refuses({ topic: 't', series: { splitBy: 'region' } }, 'series.value');
    refuses({ topic: 't', series: { value: 'n' } }, 'series.splitBy');
    refuses({ topic: 't', series: { splitBy: 'r', value: 'n', sum: true } }, 'series.sum');
    refuses({ name: 'a/b', topic: 't', series: ['a'] }, 'name', /letters, digits/);
  });

  it("takes the seeds' girls-and-boys chart from the shipped example, in at most 10 lines", async () => {
    const file = join(REPO_ROOT, 'examples', 'pages', 'gender.json');
    const [page] = await loadPageConfigs([file]);
    assert.ok(page);
    assert.equal(page.name, 'gender');
    assert.equal(page.topic, 'result');
    assert.deepEqual(
      page.series.kind === 'fields' && page.series.fields.map((f) => f.field),
      ['0', '1'],
    );
    assert.ok(readFileSync(file, 'utf8').trimEnd().split('\n').length <= 10);
    // The gender job's own value: a list of one-field objects, read as one.
    assert.deepEqual(pointsOf(page, record([{ '0': 3 }, { '1': 6 }, { '2': 1 }], 5_000)), [{ t: 5_000, v: { 'Girls 女生': 3, 'Boys 男生': 6 } }]);
  });

  it('serves every shipped example; the popularity one splits the top-10 lists by page', async () => {
    const dir = join(REPO_ROOT, 'examples', 'pages');
    const pages = await loadPageConfigs(readdirSync(dir).sort().map((f) => join(dir, f)));
    assert.deepEqual(pages.map((p) => p.name), ['gender', 'popularity']);
    const popularity = pages[1]!;
    assert.deepEqual(pointsOf(popularity, record([{ page: 'page37', popularity: 12.5 }, { page: 'page2', popularity: 40 }], 9_000)), [
      { t: 9_000, v: { page37: 12.5, page2: 40 } },
    ]);
  });

  it('names the file that cannot be read, is not JSON, or repeats a name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'streamdash-pages-'));
    const write = (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    await assert.rejects(loadPageConfigs([join(dir, 'missing.json')]), (e: unknown) => e instanceof PageConfigFileError && /missing\.json: cannot be read \(ENOENT\)/.test(e.message));
    await assert.rejects(loadPageConfigs([write('broken.json', '{"topic": ')]), (e: unknown) => e instanceof PageConfigFileError && /broken\.json: is not JSON/.test(e.message));
    const a = write('a.json', '{"name": "same", "topic": "t", "series": ["n"]}');
    const b = write('b.json', '{"name": "same", "topic": "u", "series": ["n"]}');
    await assert.rejects(loadPageConfigs([a, b]), (e: unknown) => e instanceof PageConfigError && e.key === 'name' && e.message.includes('b.json') && e.message.includes('a.json'));
  });
});

describe('page points', () => {
  it('splits series by a field, one row or a list of rows, with the time from a field', () => {
    const page = parse({ topic: 'sales', time: { field: 'at' }, series: { splitBy: 'region', value: 'amount' } });
    assert.deepEqual(pointsOf(page, record({ region: 'north', amount: 3, at: '2026-12-04T10:00:00Z' })), [{ t: Date.parse('2026-12-04T10:00:00Z'), v: { north: 3 } }]);
    assert.deepEqual(
      pointsOf(page, record([{ region: 'north', amount: '2', at: 7000 }, { region: 'south', amount: 5, at: 7000 }, { region: 'east', amount: 1, at: 8000 }])),
      [
        { t: 7000, v: { north: 2, south: 5 } },
        { t: 8000, v: { east: 1 } },
      ],
    );
  });

  it('takes series names and fields as data, whatever they are called', () => {
    const page = parse({ topic: 't', series: { splitBy: 'name', value: 'n' } });
    const [point] = pointsOf(page, record([{ name: '__proto__', n: 1 }, { name: 'toString', n: 2 }]));
    assert.deepEqual(Object.entries(point!.v), [['__proto__', 1], ['toString', 2]]);
    const fields = parse({ topic: 't', series: ['toString', 'n'] });
    assert.deepEqual(pointsOf(fields, record({ n: 3 })), [{ t: 1000, v: { n: 3 } }], 'an inherited property is not a field');
  });

  it('reads nested fields by a dotted path', () => {
    const page = parse({ topic: 't', time: { field: 'window.end' }, series: ['m.cpu'] });
    assert.deepEqual(pointsOf(page, record({ window: { end: 42_000 }, m: { cpu: 0.5 } })), [{ t: 42_000, v: { 'm.cpu': 0.5 } }]);
  });

  it('refuses a record that gives no point, saying what the page expected', () => {
    const page = parse({ name: 'g', topic: 'result', series: ['0', '1'] });
    const refused = (value: string, detail: RegExp) =>
      assert.throws(() => pointsOf(page, { ...record(null), value }), (e: unknown) => e instanceof PageRecordError && /topic "result" does not fit page "g"/.test(e.message) && detail.test(e.message));
    refused('not json', /not JSON/);
    refused('[1, 2]', /neither a JSON object nor a list of objects/);
    refused('{"2": 4}', /a number in none of the fields "0", "1"/);
    const timed = parse({ topic: 't', time: { field: 'at' }, series: ['n'] });
    assert.throws(() => pointsOf(timed, record({ n: 1, at: 'yesterday' })), /the time field "at" is "yesterday"/);
  });
});
