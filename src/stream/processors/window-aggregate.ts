import type { WindowStore } from '../state/window-store.js';
import type { TaskContext } from '../task/task-context.js';
import { alignDown } from '../windows.js';
import { NEVER, NOTHING_SCHEDULED, type Processor, type ResultEmitter } from './processor.js';
import { WindowedOperator, type WindowedOperatorConfig } from './windowed-operator.js';

export interface WindowAggregateConfig extends WindowedOperatorConfig {
  readonly size: number;
  readonly slide: number;
  /** 0 emits each window once when it closes; otherwise changed results every this many ms of processing time. */
  readonly updateEvery: number;
  readonly init: () => unknown;
  readonly add: (acc: unknown, value: unknown, key: unknown) => unknown;
}

/**
 * Tumbling and hopping window aggregation. A window [start, end) closes when the
 * watermark reaches its end plus the grace: the processing clock, or in event time
 * the largest event time seen minus the allowed lateness. A record is late when a window it
 * belongs to has already closed; it is then counted, sent to the late output, and
 * left out of every window, so no result holds part of it.
 */
export class WindowAggregateProcessor extends WindowedOperator {
  private readonly size: number;
  private readonly slide: number;
  private readonly tumbling: boolean;
  private readonly updateEvery: number;
  private readonly init: () => unknown;
  private readonly add: (acc: unknown, value: unknown, key: unknown) => unknown;
  /** Every window ending at or before this has been emitted and dropped. */
  private closedThrough = NEVER;
  private lastUpdate = NEVER;
  /** Update mode only: keys changed since the last emit, per window start. */
  private readonly changed = new Map<number, Set<unknown>>();

  constructor(
    config: WindowAggregateConfig,
    ctx: TaskContext,
    private readonly store: WindowStore<unknown, unknown>,
    emitter: ResultEmitter,
    late: Processor,
  ) {
    super(config, ctx, emitter, late);
    this.size = config.size;
    this.slide = config.slide;
    this.tumbling = config.size === config.slide;
    this.updateEvery = config.updateEvery;
    this.init = config.init;
    this.add = config.add;
  }

  process(key: unknown, value: unknown, timestamp: number): void {
    const time = this.timeOf(timestamp);
    const lastStart = alignDown(time, this.slide);
    const count = this.tumbling ? 1 : Math.ceil((lastStart + this.size - time) / this.slide);
    const firstStart = lastStart - (count - 1) * this.slide;
    if (firstStart + this.size <= this.closedThrough) {
      this.routeLate(key, value, timestamp);
      return;
    }
    for (let start = lastStart; start >= firstStart; start -= this.slide) {
      const acc = this.store.get(start, key);
      this.store.put(start, key, this.add(acc === undefined ? this.init() : acc, value, key));
      if (this.updateEvery > 0) this.markChanged(start, key);
    }
    if (firstStart + this.size < this.nextClose) this.nextClose = firstStart + this.size;
    this.observe(time);
  }

  override advanceTo(now: number): void {
    super.advanceTo(now);
    if (this.updateEvery > 0 && now - this.lastUpdate >= this.updateEvery) {
      this.lastUpdate = now;
      for (const start of [...this.changed.keys()]) this.emitChanged(start);
    }
  }

  override deadline(): number {
    const closing = super.deadline();
    const updating = this.updateEvery > 0 && this.changed.size > 0 ? this.lastUpdate + this.updateEvery : NOTHING_SCHEDULED;
    return Math.min(closing, updating);
  }

  private markChanged(start: number, key: unknown): void {
    let keys = this.changed.get(start);
    if (keys === undefined) {
      keys = new Set();
      this.changed.set(start, keys);
    }
    keys.add(key);
  }

  protected closeThrough(closeTime: number): void {
    if (closeTime <= this.closedThrough) return;
    this.closedThrough = closeTime;
    if (closeTime < this.nextClose) return;
    this.nextClose = NOTHING_SCHEDULED;
    for (const start of this.store.windowStarts()) {
      const end = start + this.size;
      if (end > closeTime) {
        this.nextClose = end;
        break;
      }
      if (this.updateEvery > 0) {
        this.emitChanged(start);
      } else {
        for (const [key, acc] of this.store.entries(start)) this.emitter.emit(key, acc, start, end);
        this.emitter.flush(start, end);
      }
      this.store.deleteWindow(start);
    }
  }

  private emitChanged(start: number): void {
    const keys = this.changed.get(start);
    if (keys === undefined) return;
    this.changed.delete(start);
    const end = start + this.size;
    for (const key of keys) this.emitter.emit(key, this.store.get(start, key), start, end);
    this.emitter.flush(start, end);
  }

  saveProgress(): Record<string, number> {
    return { maxEventTime: this.maxEventTime, closedThrough: this.closedThrough, lastUpdate: this.lastUpdate };
  }

  restoreProgress(progress: Readonly<Record<string, number>> | undefined): void {
    this.maxEventTime = progress?.maxEventTime ?? NEVER;
    this.closedThrough = progress?.closedThrough ?? NEVER;
    this.lastUpdate = progress?.lastUpdate ?? NEVER;
    this.changed.clear();
    const starts = this.store.windowStarts();
    this.nextClose = starts.length === 0 ? NOTHING_SCHEDULED : starts[0]! + this.size;
    // Which results were emitted before the crash is unknown; results are keyed by window and key, so emit all again.
    if (this.updateEvery > 0) {
      for (const start of starts) for (const [key] of this.store.entries(start)) this.markChanged(start, key);
    }
  }
}
