import { compareKeys } from '../key-order.js';
import type { StateKey } from '../records.js';
import type { JoinWindowStore } from '../state/join-window-store.js';
import type { TaskContext } from '../task/task-context.js';
import { NEVER, NOTHING_SCHEDULED, type CheckpointedOperator, type Processor } from './processor.js';
import type { Joiner } from './table-join.js';

export interface StreamStreamJoinConfig {
  readonly name: string;
  /** Records join when their timestamps differ by at most this. */
  readonly difference: number;
  readonly grace: number;
  readonly joiner: Joiner;
}

/**
 * Each side's records, and those not matched yet of the sides the join emits alone
 * (left join: the left side; outer join: both). A side without an unmatched store is an inner side.
 */
export interface JoinStores {
  readonly left: JoinWindowStore<unknown, unknown>;
  readonly right: JoinWindowStore<unknown, unknown>;
  readonly leftUnmatched: JoinWindowStore<unknown, unknown> | undefined;
  readonly rightUnmatched: JoinWindowStore<unknown, unknown> | undefined;
}

interface Unmatched {
  readonly time: number;
  readonly key: unknown;
  readonly isLeft: boolean;
  readonly values: readonly unknown[];
}

/**
 * A windowed stream–stream join on event time, as Kafka Streams' KStream.join(KStream, JoinWindows).
 * Stream time is the largest timestamp seen on either side. A record at t joins the other side's
 * records of its key at t - difference ... t + difference; its window closes when stream time
 * passes t + difference + grace. A record arriving after its window closed is late and dropped.
 * Each pair is emitted once, when its second record arrives, with the later timestamp. Left and
 * outer joins emit a record that found no match, with null for the other side and its own
 * timestamp, when its window closes, before the record that moved stream time is joined.
 * A record is joined only while its window is open, so it is never both joined and emitted alone.
 */
export class StreamStreamJoin implements CheckpointedOperator {
  readonly name: string;
  readonly leftSide: Processor;
  readonly rightSide: Processor;
  private streamTime = NEVER;
  /** The oldest timestamp held in the stores: nothing closes before stream time passes it + difference + grace. */
  private oldest = NOTHING_SCHEDULED;

  constructor(
    private readonly config: StreamStreamJoinConfig,
    private readonly ctx: TaskContext,
    private readonly stores: JoinStores,
    private readonly next: Processor,
  ) {
    this.name = config.name;
    this.leftSide = { process: (key, value, timestamp) => this.process(true, key, value, timestamp) };
    this.rightSide = { process: (key, value, timestamp) => this.process(false, key, value, timestamp) };
  }

  /** How long after its timestamp a record's window stays open. */
  private get openFor(): number {
    return this.config.difference + this.config.grace;
  }

  private process(isLeft: boolean, key: unknown, value: unknown, timestamp: number): void {
    if (timestamp > this.streamTime) {
      this.streamTime = timestamp;
      if (this.oldest + this.openFor < this.streamTime) this.closeWindows();
    }
    const ownUnmatched = isLeft ? this.stores.leftUnmatched : this.stores.rightUnmatched;
    if (value === null || value === undefined) {
      this.ctx.metrics.skippedRecords++;
      return;
    }
    if (key === null || key === undefined) {
      // No record can match a keyless one; a side the join emits alone passes it on at once, as Kafka Streams does.
      if (ownUnmatched === undefined) this.ctx.metrics.skippedRecords++;
      else this.emitAlone(isLeft, key, value, timestamp);
      return;
    }
    const { difference } = this.config;
    if (timestamp + this.openFor < this.streamTime) {
      this.ctx.metrics.lateRecords++;
      return;
    }
    const own = isLeft ? this.stores.left : this.stores.right;
    const other = isLeft ? this.stores.right : this.stores.left;
    const otherUnmatched = isLeft ? this.stores.rightUnmatched : this.stores.leftUnmatched;
    let matched = false;
    for (const [time, values] of other.fetch(key, timestamp - difference, timestamp + difference)) {
      matched = true;
      const at = Math.max(time, timestamp);
      for (const v of values) this.next.process(key, isLeft ? this.config.joiner(value, v, key) : this.config.joiner(v, value, key), at);
      otherUnmatched?.delete(time, key);
    }
    own.add(timestamp, key, value);
    if (!matched) ownUnmatched?.add(timestamp, key, value);
    if (timestamp < this.oldest) this.oldest = timestamp;
  }

  private emitAlone(isLeft: boolean, key: unknown, value: unknown, timestamp: number): void {
    this.next.process(key, isLeft ? this.config.joiner(value, null, key) : this.config.joiner(null, value, key), timestamp);
  }

  /** Emits the unmatched records whose window has closed, oldest first, and drops every record whose window has closed. */
  private closeWindows(): void {
    const through = this.streamTime - this.openFor - 1;
    const due: Unmatched[] = [];
    for (const [store, isLeft] of [
      [this.stores.leftUnmatched, true],
      [this.stores.rightUnmatched, false],
    ] as const) {
      if (store === undefined) continue;
      for (const time of store.timestamps()) {
        if (time > through) break;
        for (const [key, values] of store.entriesAt(time)) due.push({ time, key, isLeft, values });
      }
      store.expireThrough(through);
    }
    due.sort((a, b) => a.time - b.time || Number(b.isLeft) - Number(a.isLeft) || compareKeys(a.key as StateKey, b.key as StateKey));
    for (const { time, key, isLeft, values } of due) for (const v of values) this.emitAlone(isLeft, key, v, time);
    this.stores.left.expireThrough(through);
    this.stores.right.expireThrough(through);
    this.oldest = this.oldestHeld();
  }

  private oldestHeld(): number {
    let oldest = NOTHING_SCHEDULED;
    for (const store of [this.stores.left, this.stores.right]) {
      const first = store.timestamps()[0];
      if (first !== undefined && first < oldest) oldest = first;
    }
    return oldest;
  }

  saveProgress(): Record<string, number> {
    return { streamTime: this.streamTime };
  }

  restoreProgress(progress: Readonly<Record<string, number>> | undefined): void {
    this.streamTime = progress?.streamTime ?? NEVER;
    this.oldest = this.oldestHeld();
  }
}
