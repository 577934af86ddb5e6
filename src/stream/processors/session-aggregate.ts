import { compareKeys } from '../key-order.js';
import type { StateKey } from '../records.js';
import type { Session, SessionStore } from '../state/session-store.js';
import type { TaskContext } from '../task/task-context.js';
import { NEVER, NOTHING_SCHEDULED, type Processor, type ResultEmitter } from './processor.js';
import { WindowedOperator, type WindowedOperatorConfig } from './windowed-operator.js';

export interface SessionAggregateConfig extends WindowedOperatorConfig {
  readonly gap: number;
  readonly init: () => unknown;
  readonly add: (acc: unknown, value: unknown, key: unknown) => unknown;
  readonly merge: (a: unknown, b: unknown, key: unknown) => unknown;
}

/**
 * Session windows per key. Records less than `gap` apart belong to one session, so
 * a record between two sessions that is within the gap of both merges them. A session
 * with last record at `t` is reported as the window [first, t + gap) and closes when
 * the watermark reaches t + gap + grace. Results are emitted once, when the session closes.
 */
export class SessionAggregateProcessor extends WindowedOperator {
  private readonly gap: number;
  private readonly init: () => unknown;
  private readonly add: (acc: unknown, value: unknown, key: unknown) => unknown;
  private readonly merge: (a: unknown, b: unknown, key: unknown) => unknown;
  private closedThrough = NEVER;

  constructor(
    config: SessionAggregateConfig,
    ctx: TaskContext,
    private readonly store: SessionStore<unknown, unknown>,
    emitter: ResultEmitter,
    late: Processor,
  ) {
    super(config, ctx, emitter, late);
    this.gap = config.gap;
    this.init = config.init;
    this.add = config.add;
    this.merge = config.merge;
  }

  process(key: unknown, value: unknown, timestamp: number): void {
    const time = this.timeOf(timestamp);
    const sessions = this.store.sessionsOf(key);
    let first = -1;
    let last = -1;
    for (let i = 0; i < sessions.length; i++) {
      const s = sessions[i]!;
      if (s.start - this.gap < time && time < s.end + this.gap) {
        if (first < 0) first = i;
        last = i;
      }
    }
    let start = time;
    let end = time;
    let acc: unknown;
    if (first < 0) {
      if (time + this.gap <= this.closedThrough) {
        this.routeLate(key, value, timestamp);
        return;
      }
      acc = this.init();
    } else {
      const touching = sessions.slice(first, last + 1);
      acc = touching[0]!.value;
      for (let i = 1; i < touching.length; i++) acc = this.merge(acc, touching[i]!.value, key);
      start = Math.min(time, touching[0]!.start);
      end = Math.max(time, touching[touching.length - 1]!.end);
      for (const s of touching) this.store.remove(s);
    }
    this.store.put(key, start, end, this.add(acc, value, key));
    if (end + this.gap < this.nextClose) this.nextClose = end + this.gap;
    this.observe(time);
  }

  protected closeThrough(closeTime: number): void {
    if (closeTime <= this.closedThrough) return;
    this.closedThrough = closeTime;
    if (closeTime < this.nextClose) return;
    const closing: Session<unknown, unknown>[] = [];
    let next = NOTHING_SCHEDULED;
    for (const s of this.store.all()) {
      const closesAt = s.end + this.gap;
      if (closesAt <= closeTime) closing.push(s);
      else if (closesAt < next) next = closesAt;
    }
    this.nextClose = next;
    // Sorted so the output order does not depend on Map order, which a restore changes.
    closing.sort((a, b) => a.end - b.end || a.start - b.start || compareKeys(a.key as StateKey, b.key as StateKey));
    for (const s of closing) {
      this.store.remove(s);
      this.emitter.emit(s.key, s.value, s.start, s.end + this.gap);
      this.emitter.flush(s.start, s.end + this.gap);
    }
  }

  saveProgress(): Record<string, number> {
    return { maxEventTime: this.maxEventTime, closedThrough: this.closedThrough };
  }

  restoreProgress(progress: Readonly<Record<string, number>> | undefined): void {
    this.maxEventTime = progress?.maxEventTime ?? NEVER;
    this.closedThrough = progress?.closedThrough ?? NEVER;
    this.nextClose = NOTHING_SCHEDULED;
    for (const s of this.store.all()) this.nextClose = Math.min(this.nextClose, s.end + this.gap);
  }
}
