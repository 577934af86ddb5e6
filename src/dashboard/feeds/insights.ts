import { INSIGHTS_OUTPUTS } from '../../result-names.js';
import { LatestChannel, SeriesChannel } from '../hub/channel.js';
import type { Hub } from '../hub/hub.js';
import { pairsOf, parseJson, ResultFormatError } from './parse.js';
import { recordWindow } from './record-window.js';
import type { FeedRecord } from './topic-feed.js';

/** user_log's action codes. */
const ACTIONS: Record<string, 'click' | 'cart' | 'buy' | 'favourite'> = { '0': 'click', '1': 'cart', '2': 'buy', '3': 'favourite' };

export interface ActionWindow {
  start: number;
  end: number;
  click: number;
  cart: number;
  buy: number;
  favourite: number;
}

export interface RankedWindow {
  start: number;
  end: number;
  /** name and number of shoppers, as the job ranked or keyed them. */
  entries: { name: string; shoppers: number }[];
}

function pairs(topic: string, expected: string, value: string | null | undefined): [string, number][] {
  const result = pairsOf(parseJson(topic, expected, value));
  if (result === undefined) throw new ResultFormatError(topic, expected, value);
  return result;
}

/** The three charts of the taobao-insights job on /taobao: actions per second, top provinces and ages over the last 60 s. */
export class InsightsModel {
  readonly actions: SeriesChannel<ActionWindow>;
  readonly provinces: LatestChannel<RankedWindow>;
  readonly ages: LatestChannel<RankedWindow>;

  constructor(
    private readonly hub: Hub,
    historyMs: number,
  ) {
    this.actions = hub.add(new SeriesChannel<ActionWindow>('actions', ['taobao'], { span: historyMs, maxItems: Math.ceil(historyMs / 1000) * 2 }));
    this.provinces = hub.add(new LatestChannel<RankedWindow>('provinces', ['taobao']));
    this.ages = hub.add(new LatestChannel<RankedWindow>('ages', ['taobao']));
  }

  takeActions(record: FeedRecord): void {
    const { start, end } = recordWindow(record);
    const window: ActionWindow = { start, end, click: 0, cart: 0, buy: 0, favourite: 0 };
    for (const [code, n] of pairs(INSIGHTS_OUTPUTS.actions, 'actions per second like {"0":8,"2":1}', record.value)) {
      const action = ACTIONS[code];
      if (action) window[action] = n;
    }
    this.actions.put(start, window);
    this.hub.changed(this.actions);
  }

  takeProvinces(record: FeedRecord): void {
    this.#ranked(this.provinces, INSIGHTS_OUTPUTS.provinces, record, 'a top-10 like [["浙江",12],["福建",9]]', (entries) => entries.sort((a, b) => b.shoppers - a.shoppers).slice(0, 10));
  }

  takeAges(record: FeedRecord): void {
    this.#ranked(this.ages, INSIGHTS_OUTPUTS.ages, record, 'shoppers per age range like {"1":3,"2":5}', (entries) => entries.sort((a, b) => Number(a.name) - Number(b.name)));
  }

  #ranked(
    channel: LatestChannel<RankedWindow>,
    topic: string,
    record: FeedRecord,
    expected: string,
    order: (e: RankedWindow['entries']) => RankedWindow['entries'],
  ): void {
    const { start, end } = recordWindow(record);
    const current = channel.value;
    // A late record for an older window must not replace a newer one.
    if (current && current.start > start) return;
    const entries = pairs(topic, expected, record.value).map(([name, shoppers]) => ({ name, shoppers }));
    channel.set({ start, end, entries: order(entries) });
    this.hub.changed(channel);
  }
}
