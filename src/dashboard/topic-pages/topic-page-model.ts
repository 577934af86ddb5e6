import { SeriesChannel } from '../hub/channel.js';
import type { Hub } from '../hub/hub.js';
import type { FeedRecord } from '../feeds/topic-feed.js';
import type { PageConfig } from './page-config.js';
import { pointsOf, type PagePoint } from './page-points.js';

/** So a topic with a point per millisecond cannot grow a page's memory without bound. */
const MAX_POINTS = 10_000;

/** The Socket.IO room of a topic page. */
export const topicPageRoom = (page: PageConfig): string => `p/${page.name}`;

/**
 * The points of one page's window, held so a page that loads gets its history at once.
 * Records of the same time merge: each series keeps the newest value it was given.
 */
export class TopicPageModel {
  readonly points: SeriesChannel<PagePoint>;

  constructor(
    readonly page: PageConfig,
    // Only what the model calls: the console's chart preview holds a model outside the hub and sends its points itself.
    private readonly hub: Pick<Hub, 'add' | 'changed'>,
  ) {
    this.points = hub.add(new SeriesChannel<PagePoint>(`page:${page.name}`, [topicPageRoom(page)], { span: page.windowMs, maxItems: MAX_POINTS }));
  }

  take(record: FeedRecord): void {
    for (const point of pointsOf(this.page, record)) {
      const held = this.points.get(point.t);
      this.points.put(point.t, held === undefined ? point : { t: point.t, v: { ...held.v, ...point.v } });
    }
    this.hub.changed(this.points);
  }
}
