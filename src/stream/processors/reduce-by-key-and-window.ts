import type { KeyValueStore } from '../state/key-value-store.js';
import type { WindowStore } from '../state/window-store.js';
import type { TaskContext } from '../task/task-context.js';
import { alignDown, gcd } from '../windows.js';
import {
  NEVER,
  NOTHING_SCHEDULED,
  type CheckpointedOperator,
  type Processor,
  type ResultEmitter,
  type TimeDriven,
} from './processor.js';

export interface ReduceByKeyAndWindowConfig {
  readonly name: string;
  readonly size: number;
  readonly slide: number;
  readonly eventTime: boolean;
  readonly lateness: number;
  readonly reduce: (a: unknown, b: unknown) => unknown;
  readonly inverse: (a: unknown, b: unknown) => unknown;
  /** Spark's filterFunc: keys for which it returns false leave the state after a window fires. */
  readonly keep: ((value: unknown, key: unknown) => boolean) | undefined;
}

/**
 * Spark's incremental reduceByKeyAndWindow. Records are reduced into slices of
 * gcd(size, slide) ms. Every `slide`, for the window [end - size, end):
 *   value = reduce(inverse(previous value, slices that left), slices that entered)
 * and every key in the state is emitted, including keys whose value fell back to
 * the zero, unless `keep` drops them. As in Spark, a key with no previous value
 * takes the entering slices alone.
 */
export class ReduceByKeyAndWindowProcessor implements Processor, TimeDriven, CheckpointedOperator {
  readonly name: string;
  private readonly size: number;
  private readonly slide: number;
  private readonly sliceWidth: number;
  private readonly eventTime: boolean;
  private readonly lateness: number;
  private readonly reduce: (a: unknown, b: unknown) => unknown;
  private readonly inverse: (a: unknown, b: unknown) => unknown;
  private readonly keep: ((value: unknown, key: unknown) => boolean) | undefined;
  private maxEventTime = NEVER;
  /** End of the last window emitted; records before it are late. */
  private firedThrough = NEVER;
  private nextEnd = NOTHING_SCHEDULED;

  constructor(
    config: ReduceByKeyAndWindowConfig,
    private readonly ctx: TaskContext,
    private readonly slices: WindowStore<unknown, unknown>,
    private readonly values: KeyValueStore<unknown, unknown>,
    private readonly emitter: ResultEmitter,
    private readonly late: Processor,
  ) {
    this.name = config.name;
    this.size = config.size;
    this.slide = config.slide;
    this.sliceWidth = gcd(config.size, config.slide);
    this.eventTime = config.eventTime;
    this.lateness = config.lateness;
    this.reduce = config.reduce;
    this.inverse = config.inverse;
    this.keep = config.keep;
  }

  process(key: unknown, value: unknown, timestamp: number): void {
    const time = this.eventTime ? timestamp : this.ctx.now;
    if (time < this.firedThrough) {
      this.ctx.metrics.lateRecords++;
      this.late.process(key, value, timestamp);
      return;
    }
    const slice = alignDown(time, this.sliceWidth);
    const old = this.slices.get(slice, key);
    this.slices.put(slice, key, old === undefined ? value : this.reduce(old, value));
    if (this.firedThrough === NEVER) {
      const end = alignDown(time, this.slide) + this.slide;
      if (end < this.nextEnd) this.nextEnd = end;
    }
    if (this.eventTime && time > this.maxEventTime) {
      this.maxEventTime = time;
      this.fireThrough(time - this.lateness);
    }
  }

  advanceTo(now: number): void {
    if (!this.eventTime) this.fireThrough(now);
  }

  deadline(): number {
    return this.eventTime ? NOTHING_SCHEDULED : this.nextEnd;
  }

  private fireThrough(watermark: number): void {
    while (this.nextEnd <= watermark) {
      if (this.slices.size === 0 && this.values.size === 0) {
        // Nothing to emit in any window up to the watermark: skip them instead of firing each empty one.
        this.firedThrough = alignDown(watermark, this.slide);
        this.nextEnd = this.firedThrough + this.slide;
        return;
      }
      this.fire(this.nextEnd);
    }
  }

  private fire(end: number): void {
    const start = end - this.size;
    const starts = this.slices.windowStarts();
    for (const slice of starts) {
      if (slice < start - this.slide || slice >= start) continue;
      for (const [key, v] of this.slices.entries(slice)) {
        const current = this.values.get(key);
        if (current !== undefined) this.values.put(key, this.inverse(current, v));
      }
    }
    for (const slice of starts) {
      if (slice < end - this.slide || slice >= end) continue;
      for (const [key, v] of this.slices.entries(slice)) {
        const current = this.values.get(key);
        this.values.put(key, current === undefined ? v : this.reduce(current, v));
      }
    }
    for (const [key, v] of this.values.entries()) {
      if (this.keep !== undefined && !this.keep(v, key)) this.values.delete(key);
      else this.emitter.emit(key, v, start, end);
    }
    this.emitter.flush(start, end);
    for (const slice of starts) if (slice < start) this.slices.deleteWindow(slice);
    this.firedThrough = end;
    this.nextEnd = end + this.slide;
  }

  saveProgress(): Record<string, number> {
    return { maxEventTime: this.maxEventTime, firedThrough: this.firedThrough, nextEnd: this.nextEnd };
  }

  restoreProgress(progress: Readonly<Record<string, number>> | undefined): void {
    this.maxEventTime = progress?.maxEventTime ?? NEVER;
    this.firedThrough = progress?.firedThrough ?? NEVER;
    this.nextEnd = progress?.nextEnd ?? NOTHING_SCHEDULED;
  }
}
