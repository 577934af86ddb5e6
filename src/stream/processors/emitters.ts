import { compareKeys } from '../key-order.js';
import type { KeyValue, StateKey, Window, Windowed } from '../records.js';
import type { Processor, ResultEmitter } from './processor.js';

/*
 * Results carry the timestamp end - 1, the last instant of their window, so a
 * result re-emitted after a restart is the same record, and re-windowing a result
 * with the same window size keeps it in its window.
 */

/** One record per key and window, keyed by { key, start, end }. */
export class WindowedKeyEmitter implements ResultEmitter {
  constructor(private readonly next: Processor) {}

  emit(key: unknown, value: unknown, start: number, end: number): void {
    const windowed: Windowed<unknown> = { key, start, end };
    this.next.process(windowed, value, end - 1);
  }

  flush(): void {}
}

/** One record per key, keyed by the key itself: the changelog view of a state table. */
export class KeyEmitter implements ResultEmitter {
  constructor(private readonly next: Processor) {}

  emit(key: unknown, value: unknown, _start: number, end: number): void {
    this.next.process(key, value, end - 1);
  }

  flush(): void {}
}

/** One record per window holding every key's value, sorted by key: Spark's `rdd.collect` in foreachRDD. */
export class CollectEmitter implements ResultEmitter {
  private rows: Array<KeyValue<unknown, unknown>> = [];

  constructor(private readonly next: Processor) {}

  emit(key: unknown, value: unknown): void {
    this.rows.push([key, value]);
  }

  flush(start: number, end: number): void {
    if (this.rows.length === 0) return;
    const rows = this.rows;
    this.rows = [];
    rows.sort((a, b) => compareKeys(a[0] as StateKey, b[0] as StateKey));
    const window: Window = { start, end };
    this.next.process(window, rows, end - 1);
  }
}

interface Ranked {
  readonly key: unknown;
  readonly value: unknown;
  readonly score: number;
}

/** Keeps the n best of a window or tick by score, highest first, equal scores in key order. */
export class TopKEmitter implements ResultEmitter {
  private best: Ranked[] = [];

  constructor(
    private readonly n: number,
    private readonly score: (value: unknown, key: unknown) => number,
    private readonly next: Processor,
  ) {}

  emit(key: unknown, value: unknown): void {
    const candidate: Ranked = { key, value, score: this.score(value, key) };
    const best = this.best;
    if (best.length === this.n && !ranksBefore(candidate, best[best.length - 1]!)) return;
    let lo = 0;
    let hi = best.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ranksBefore(best[mid]!, candidate)) lo = mid + 1;
      else hi = mid;
    }
    best.splice(lo, 0, candidate);
    if (best.length > this.n) best.pop();
  }

  flush(start: number, end: number): void {
    if (this.best.length === 0) return;
    const rows: Array<KeyValue<unknown, unknown>> = this.best.map((r) => [r.key, r.value]);
    this.best = [];
    const window: Window = { start, end };
    this.next.process(window, rows, end - 1);
  }
}

function ranksBefore(a: Ranked, b: Ranked): boolean {
  if (a.score !== b.score) return a.score > b.score;
  return compareKeys(a.key as StateKey, b.key as StateKey) < 0;
}
