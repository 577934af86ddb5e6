import type { KeyValueStore } from '../state/key-value-store.js';
import type { WindowStore } from '../state/window-store.js';
import type { TaskContext } from '../task/task-context.js';
import { alignDown, gcd } from '../windows.js';
import { NEVER, NOTHING_SCHEDULED, type Processor, type ResultEmitter } from './processor.js';
import { WindowedOperator, type WindowedOperatorConfig } from './windowed-operator.js';

export interface ReduceByKeyAndWindowConfig extends WindowedOperatorConfig {
  readonly size: number;
  readonly slide: number;
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
export class ReduceByKeyAndWindowProcessor extends WindowedOperator {
  private readonly size: number;
  private readonly slide: number;
  private readonly sliceWidth: number;
  private readonly reduce: (a: unknown, b: unknown) => unknown;
  private readonly inverse: (a: unknown, b: unknown) => unknown;
  private readonly keep: ((value: unknown, key: unknown) => boolean) | undefined;
  /** End of the last window emitted; records before it are late. */
  private firedThrough = NEVER;

  constructor(
    config: ReduceByKeyAndWindowConfig,
    ctx: TaskContext,
    private readonly slices: WindowStore<unknown, unknown>,
    private readonly values: KeyValueStore<unknown, unknown>,
    emitter: ResultEmitter,
    late: Processor,
  ) {
    super(config, ctx, emitter, late);
    this.size = config.size;
    this.slide = config.slide;
    this.sliceWidth = gcd(config.size, config.slide);
    this.reduce = config.reduce;
    this.inverse = config.inverse;
    this.keep = config.keep;
  }

  process(key: unknown, value: unknown, timestamp: number): void {
    const time = this.timeOf(timestamp);
    if (time < this.firedThrough) {
      this.routeLate(key, value, timestamp);
      return;
    }
    const slice = alignDown(time, this.sliceWidth);
    const old = this.slices.get(slice, key);
    this.slices.put(slice, key, old === undefined ? value : this.reduce(old, value));
    if (this.firedThrough === NEVER) {
      const end = alignDown(time, this.slide) + this.slide;
      if (end < this.nextClose) this.nextClose = end;
    }
    this.observe(time);
  }

  protected closeThrough(watermark: number): void {
    while (this.nextClose <= watermark) {
      if (this.slices.size === 0 && this.values.size === 0) {
        // Nothing to emit in any window up to the watermark: skip them instead of firing each empty one.
        this.firedThrough = alignDown(watermark, this.slide);
        this.nextClose = this.firedThrough + this.slide;
        return;
      }
      this.fire(this.nextClose);
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
    this.nextClose = end + this.slide;
  }

  saveProgress(): Record<string, number> {
    return { maxEventTime: this.maxEventTime, firedThrough: this.firedThrough, nextEnd: this.nextClose };
  }

  restoreProgress(progress: Readonly<Record<string, number>> | undefined): void {
    this.maxEventTime = progress?.maxEventTime ?? NEVER;
    this.firedThrough = progress?.firedThrough ?? NEVER;
    this.nextClose = progress?.nextEnd ?? NOTHING_SCHEDULED;
  }
}
