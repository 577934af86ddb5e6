import type { KeyValueStore } from '../state/key-value-store.js';
import type { TaskContext } from '../task/task-context.js';
import { alignDown } from '../windows.js';
import { NOTHING_SCHEDULED, type CheckpointedOperator, type Processor, type ResultEmitter, type TimeDriven } from './processor.js';

export interface TimedState {
  readonly state: unknown;
  /** The tick at which the key last received values; TTL counts from here. */
  readonly updatedAt: number;
}

export interface UpdateStateByKeyConfig {
  readonly name: string;
  readonly interval: number;
  /** 0 keeps keys until the update function drops them. */
  readonly ttl: number;
  readonly update: (values: readonly unknown[], state: unknown) => unknown;
}

const NO_VALUES: readonly unknown[] = Object.freeze([]);

/**
 * Spark's updateStateByKey on processing time. Values are buffered until the next
 * tick (a multiple of `interval`); at a tick the update function runs for every key
 * that has values or state, as in Spark, and returning undefined drops the key. With
 * a TTL, a key that received no values for `ttl` ms is dropped without a call.
 * After each tick every key's state is emitted.
 */
export class UpdateStateByKeyProcessor implements Processor, TimeDriven, CheckpointedOperator {
  readonly name: string;
  private readonly interval: number;
  private readonly ttl: number;
  private readonly update: (values: readonly unknown[], state: unknown) => unknown;
  private nextTick = NOTHING_SCHEDULED;

  constructor(
    config: UpdateStateByKeyConfig,
    private readonly ctx: TaskContext,
    private readonly pending: KeyValueStore<unknown, unknown[]>,
    private readonly states: KeyValueStore<unknown, TimedState>,
    private readonly emitter: ResultEmitter,
  ) {
    this.name = config.name;
    this.interval = config.interval;
    this.ttl = config.ttl;
    this.update = config.update;
  }

  process(key: unknown, value: unknown): void {
    const values = this.pending.get(key);
    if (values === undefined) {
      this.pending.put(key, [value]);
    } else {
      values.push(value);
      this.pending.put(key, values);
    }
    if (this.nextTick === NOTHING_SCHEDULED) this.nextTick = alignDown(this.ctx.now, this.interval) + this.interval;
  }

  advanceTo(now: number): void {
    while (this.nextTick <= now) {
      if (this.pending.size === 0 && this.states.size === 0) {
        this.nextTick = NOTHING_SCHEDULED;
        return;
      }
      this.tick(this.nextTick);
      this.nextTick += this.interval;
    }
  }

  deadline(): number {
    return this.nextTick;
  }

  private tick(at: number): void {
    for (const [key, values] of this.pending.entries()) {
      const next = this.update(values, this.states.get(key)?.state);
      if (next === undefined) this.states.delete(key);
      else this.states.put(key, { state: next, updatedAt: at });
    }
    for (const [key, current] of this.states.entries()) {
      if (this.pending.has(key)) continue;
      if (this.ttl > 0 && at - current.updatedAt >= this.ttl) {
        this.states.delete(key);
        continue;
      }
      const next = this.update(NO_VALUES, current.state);
      if (next === undefined) this.states.delete(key);
      else if (next !== current.state) this.states.put(key, { state: next, updatedAt: current.updatedAt });
    }
    for (const [key] of this.pending.entries()) this.pending.delete(key);
    const start = at - this.interval;
    for (const [key, current] of this.states.entries()) this.emitter.emit(key, current.state, start, at);
    this.emitter.flush(start, at);
  }

  saveProgress(): Record<string, number> {
    return { nextTick: this.nextTick };
  }

  restoreProgress(progress: Readonly<Record<string, number>> | undefined): void {
    this.nextTick = progress?.nextTick ?? NOTHING_SCHEDULED;
  }
}
