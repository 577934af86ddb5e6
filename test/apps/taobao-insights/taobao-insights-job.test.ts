import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { INSIGHTS_DEAD_LETTERS, INSIGHTS_OUTPUTS, taobaoInsightsJob } from '../../../src/apps/taobao-insights/taobao-insights-job.js';
import type { UserLogRow } from '../../../src/apps/taobao/user-log.js';
import { TestDriver } from '../../../src/stream/index.js';

const row = (action: number | null, province: string | null, age: number | null): string =>
  JSON.stringify({
    user_id: 1,
    item_id: 2,
    cat_id: 3,
    merchant_id: 4,
    brand_id: 5,
    month: 11,
    day: 11,
    action,
    age_range: age,
    gender: 0,
    province,
  } satisfies UserLogRow);

const values = (driver: TestDriver, topic: string) => driver.output(topic).map((r) => ({ key: r.key, value: r.value }));

describe('taobao-insights', () => {
  it('counts the actions of each second, every second, quiet ones as 0', () => {
    const job = taobaoInsightsJob();
    const driver = new TestDriver(job.topology);
    driver.pipe('user_log', [{ value: row(0, '浙江', 2) }, { value: row(0, '浙江', 2) }, { value: row(2, '福建', 3) }, { value: row(3, null, null) }]);
    driver.advanceProcessingTime(1000);
    driver.pipe('user_log', [{ value: row(0, '福建', 2) }]);
    driver.advanceProcessingTime(1000);
    driver.advanceProcessingTime(1000);
    assert.deepEqual(values(driver, INSIGHTS_OUTPUTS.actions), [
      { key: { start: 0, end: 1000 }, value: { '0': 2, '2': 1, '3': 1 } },
      { key: { start: 1000, end: 2000 }, value: { '0': 1, '2': 0, '3': 0 } },
      { key: { start: 2000, end: 3000 }, value: { '0': 0, '2': 0, '3': 0 } },
    ]);
  });

  it('ranks the provinces of the last 60 seconds, most first, and forgets them after a minute', () => {
    const driver = new TestDriver(taobaoInsightsJob().topology);
    driver.pipe('user_log', [{ value: row(0, '福建', 1) }, { value: row(0, '浙江', 1) }, { value: row(0, '浙江', 1) }]);
    driver.advanceProcessingTime(30_000);
    driver.pipe('user_log', [{ value: row(0, '福建', 1) }, { value: row(0, '福建', 1) }, { value: row(0, '上海市', 1) }]);
    driver.advanceProcessingTime(1000);
    assert.deepEqual(values(driver, INSIGHTS_OUTPUTS.provinces).at(-1)!.value, [
      ['福建', 3],
      ['浙江', 2],
      ['上海市', 1],
    ]);
    // 60 s after the first rows, only the later ones are still in the window.
    driver.advanceProcessingTime(30_000);
    assert.deepEqual(values(driver, INSIGHTS_OUTPUTS.provinces).at(-1)!.value, [
      ['福建', 2],
      ['上海市', 1],
    ]);
    const eleven = Array.from({ length: 11 }, (_, i) => ({ value: row(0, `p${String(i).padStart(2, '0')}`, 1) }));
    driver.pipe('user_log', eleven);
    driver.advanceProcessingTime(1000);
    assert.equal((values(driver, INSIGHTS_OUTPUTS.provinces).at(-1)!.value as unknown[]).length, 10);
  });

  it('gives the age ranges of the last 60 seconds, unknown ages as 0', () => {
    const driver = new TestDriver(taobaoInsightsJob().topology);
    driver.pipe('user_log', [{ value: row(0, '浙江', 2) }, { value: row(0, '浙江', 2) }, { value: row(0, '浙江', null) }, { value: row(0, '浙江', 8) }]);
    driver.advanceProcessingTime(1000);
    assert.deepEqual(values(driver, INSIGHTS_OUTPUTS.ages).at(-1), { key: { start: -59_000, end: 1000 }, value: { '0': 1, '2': 2, '8': 1 } });
  });

  it('sets rows that are not user_log JSON aside, counted, in the dead-letter topic', () => {
    const job = taobaoInsightsJob();
    const driver = new TestDriver(job.topology);
    driver.pipe('user_log', [{ value: 'not json' }, { value: '{"action":"buy"}' }, { value: row(0, '浙江', 2) }]);
    driver.advanceProcessingTime(1000);
    assert.deepEqual(
      driver.output(INSIGHTS_DEAD_LETTERS).map((r) => (r.value as { reason: string }).reason),
      ['not JSON', 'action and age_range must be whole numbers or null, province a string or null'],
    );
    assert.equal(job.counters?.().deadLettered, 2);
    assert.deepEqual(values(driver, INSIGHTS_OUTPUTS.actions)[0]!.value, { '0': 1 });
  });
});
