import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LatestChannel, SeriesChannel, type UpdatePayload } from '../../../src/dashboard/hub/channel.js';

const payload = (m: { payload: unknown } | undefined) => m?.payload as UpdatePayload | undefined;

describe('SeriesChannel', () => {
  it('sends a new client everything, then only what changed since its version', () => {
    const c = new SeriesChannel<{ t: number; n: number }>('gender', ['taobao'], { span: 10_000, maxItems: 100 });
    c.put(1000, { t: 1000, n: 1 });
    c.put(2000, { t: 2000, n: 2 });
    assert.deepEqual(payload(c.catchUp(-1)), { channel: 'gender', at: payload(c.catchUp(-1))!.at, mode: 'snapshot', items: [{ t: 1000, n: 1 }, { t: 2000, n: 2 }] });
    const seen = c.version;
    c.put(3000, { t: 3000, n: 3 });
    c.put(4000, { t: 4000, n: 4 });
    assert.deepEqual(payload(c.catchUp(seen))!.items, [{ t: 3000, n: 3 }, { t: 4000, n: 4 }]);
    assert.equal(payload(c.catchUp(seen))!.mode, 'append');
    assert.equal(c.catchUp(c.version), undefined);
  });

  it('replaces a key written again and sends the replacement, in key order', () => {
    const c = new SeriesChannel<{ t: number; n: number }>('gender', ['taobao'], { span: 10_000, maxItems: 100 });
    c.put(1000, { t: 1000, n: 1 });
    c.put(2000, { t: 2000, n: 2 });
    const seen = c.version;
    c.put(1000, { t: 1000, n: 10 });
    c.put(1500, { t: 1500, n: 15 });
    assert.deepEqual(c.items, [{ t: 1000, n: 10 }, { t: 1500, n: 15 }, { t: 2000, n: 2 }]);
    assert.deepEqual(payload(c.catchUp(seen))!.items, [{ t: 1000, n: 10 }, { t: 1500, n: 15 }]);
  });

  it('keeps only the span behind the newest key, and never more than maxItems', () => {
    const c = new SeriesChannel<number>('s', ['p'], { span: 3000, maxItems: 100 });
    for (let t = 0; t <= 10_000; t += 1000) c.put(t, t);
    assert.deepEqual(c.items, [7000, 8000, 9000, 10_000]);
    const capped = new SeriesChannel<number>('s', ['p'], { span: Infinity, maxItems: 5 });
    for (let i = 0; i < 1000; i++) capped.put(i, i);
    assert.deepEqual(capped.items, [995, 996, 997, 998, 999]);
  });
});

describe('LatestChannel', () => {
  it('sends only the newest value, however many came since the client last heard', () => {
    const c = new LatestChannel<number>('top', ['popularity']);
    assert.deepEqual(payload(c.catchUp(-1))!.items, []);
    for (let i = 1; i <= 50; i++) c.set(i);
    assert.deepEqual(payload(c.catchUp(3))!.items, [50]);
    assert.equal(c.catchUp(c.version), undefined);
  });

  it('can speak another protocol: the seeds’ test_message', () => {
    const c = new LatestChannel<{ g: number; b: number }>('seeds', ['seeds'], (v) => ({ event: 'test_message', payload: { data: `${v.g},${v.b}` } }));
    assert.equal(c.catchUp(-1), undefined);
    c.set({ g: 3, b: 6 });
    assert.deepEqual(c.catchUp(-1), { event: 'test_message', payload: { data: '3,6' } });
  });
});
