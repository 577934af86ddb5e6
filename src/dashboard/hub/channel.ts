/** One Socket.IO event, ready to emit. */
export interface WireMessage {
  readonly event: string;
  readonly payload: unknown;
}

/**
 * The payload of the pages' `update` event. `snapshot` replaces what the page holds;
 * `append` adds items to it, replacing those with the same key.
 */
export interface UpdatePayload {
  readonly channel: string;
  /** Server time of the change the message carries, epoch ms. */
  readonly at: number;
  readonly mode: 'snapshot' | 'append';
  readonly items: readonly unknown[];
}

/**
 * Something the pages chart. A client remembers only the version it last received, so
 * whatever a slow client missed is sent as one message when it can take one: updates
 * coalesce per client and per channel instead of queueing.
 */
export interface Channel {
  readonly name: string;
  /** The rooms (pages) whose clients receive it. */
  readonly rooms: readonly string[];
  readonly version: number;
  /** Brings a client that holds `since` (-1: nothing yet) up to date; undefined when it already is. */
  catchUp(since: number): WireMessage | undefined;
}

/** A channel of which only the newest value matters: a top-10 list, today's counters, the system view. */
export class LatestChannel<T> implements Channel {
  version = 0;
  #value: T | undefined;
  #at = 0;

  constructor(
    readonly name: string,
    readonly rooms: readonly string[],
    /** Overrides the `update` envelope, for clients that expect another event. */
    private readonly wire?: (value: T) => WireMessage,
  ) {}

  get value(): T | undefined {
    return this.#value;
  }

  set(value: T, at = Date.now()): void {
    this.#value = value;
    this.#at = at;
    this.version++;
  }

  catchUp(since: number): WireMessage | undefined {
    if (since >= this.version && since >= 0) return undefined;
    if (this.wire) return this.#value === undefined ? undefined : this.wire(this.#value);
    const payload: UpdatePayload = { channel: this.name, at: this.#at, mode: 'snapshot', items: this.#value === undefined ? [] : [this.#value] };
    return { event: 'update', payload };
  }
}

interface SeriesEntry<T> {
  key: number;
  version: number;
  item: T;
}

export interface SeriesOptions {
  /** Items whose key is this far behind the newest key are dropped. */
  span: number;
  /** At most this many items are kept, whatever their keys, so a burst cannot grow memory. */
  maxItems: number;
}

/**
 * A time series keyed by time (a window's start, a snapshot's timestamp). A new key is
 * inserted in key order, an existing one replaced; clients get the items changed since
 * their version and merge them by key the same way.
 */
export class SeriesChannel<T> implements Channel {
  version = 0;
  #entries: SeriesEntry<T>[] = [];
  #at = 0;

  constructor(
    readonly name: string,
    readonly rooms: readonly string[],
    private readonly options: SeriesOptions,
  ) {}

  get items(): T[] {
    return this.#entries.map((e) => e.item);
  }

  /** The item with the highest key. */
  get last(): T | undefined {
    return this.#entries.at(-1)?.item;
  }

  /** The item stored under key, if any. */
  get(key: number): T | undefined {
    return this.#entries.find((e) => e.key === key)?.item;
  }

  put(key: number, item: T, at = Date.now()): void {
    const entry = { key, version: ++this.version, item };
    const entries = this.#entries;
    let i = entries.length;
    while (i > 0 && entries[i - 1]!.key > key) i--;
    if (i > 0 && entries[i - 1]!.key === key) entries[i - 1] = entry;
    else entries.splice(i, 0, entry);
    this.#at = at;
    const newest = entries.at(-1)!.key;
    let drop = 0;
    while (drop < entries.length && (entries[drop]!.key < newest - this.options.span || entries.length - drop > this.options.maxItems)) drop++;
    if (drop > 0) entries.splice(0, drop);
  }

  catchUp(since: number): WireMessage | undefined {
    if (since >= this.version) return undefined;
    const snapshot = since < 0;
    const items = snapshot ? this.items : this.#entries.filter((e) => e.version > since).map((e) => e.item);
    const payload: UpdatePayload = { channel: this.name, at: this.#at, mode: snapshot ? 'snapshot' : 'append', items };
    return { event: 'update', payload };
  }
}
