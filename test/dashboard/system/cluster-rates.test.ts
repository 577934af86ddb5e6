import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withRates, type ClusterView } from '../../../src/dashboard/system/cluster-view.js';

const topic = (name: string, endOffset: number) => ({ name, partitions: [{ partition: 0, endOffset }], endOffset, inPerSec: null, outPerSec: null });
const group = (id: string, topics: { topic: string; committed: number }[]) => ({ id, state: 'Stable', topics: topics.map((t) => ({ ...t, lag: 0 })), lag: 0 });

describe("a topic's records in and out a second, between two polls", () => {
  it('in from the end offsets, out from what the groups committed past, over the time between the polls', () => {
    const before: ClusterView = { topics: [topic('orders', 100), topic('quiet', 7)], groups: [group('a', [{ topic: 'orders', committed: 40 }]), group('b', [{ topic: 'orders', committed: 90 }])] };
    const now: ClusterView = { topics: [topic('orders', 300), topic('quiet', 7)], groups: [group('a', [{ topic: 'orders', committed: 140 }]), group('b', [{ topic: 'orders', committed: 190 }])] };
    const rated = withRates(now, before, 2000);
    assert.deepEqual(
      rated.topics.map((t) => [t.name, t.inPerSec, t.outPerSec]),
      [
        ['orders', 100, 100],
        ['quiet', 0, 0],
      ],
    );
  });

  it('counts nothing on the first poll, for a new topic or a new group, or for a group reset back', () => {
    const first = withRates({ topics: [topic('t', 10)], groups: [] }, { topics: [], groups: [] }, 1000);
    assert.deepEqual(first.topics.map((t) => [t.inPerSec, t.outPerSec]), [[null, null]]);
    const before: ClusterView = { topics: [topic('t', 10)], groups: [group('reset', [{ topic: 't', committed: 10 }])] };
    const now: ClusterView = { topics: [topic('t', 10)], groups: [group('reset', [{ topic: 't', committed: 0 }]), group('new', [{ topic: 't', committed: 10 }])] };
    assert.deepEqual(withRates(now, before, 1000).topics.map((t) => [t.inPerSec, t.outPerSec]), [[0, 0]]);
  });
});
