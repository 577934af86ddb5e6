import { setTimeout as delay } from 'node:timers/promises';

/** Time as the rate limiter sees it; tests pass a fake one so no test waits on wall time. */
export interface Clock {
  /** Milliseconds, monotonic. */
  now(): number;
  /** Resolves after `ms`, or as soon as `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  sleep: (ms, signal) =>
    delay(ms, undefined, signal ? { signal } : undefined).catch((error: unknown) => {
      if (!signal?.aborted) throw error;
    }),
};

/**
 * Paces units (rows, lines) to a steady rate on an absolute schedule, so timer
 * overshoot is made up by the next units rather than lowering the rate.
 */
export class RateLimiter {
  readonly #intervalMs: number;
  readonly #maxBankMs: number;
  #next = -Infinity;

  /**
   * @param perSecond units a second; 0 means no limit.
   * @param maxBankMs how much unused time an idle stretch may bank: after a
   *   stall, at most this much time's worth of units goes out at once.
   */
  constructor(
    readonly perSecond: number,
    readonly clock: Clock = systemClock,
    maxBankMs = 1000,
  ) {
    if (!(perSecond >= 0) || !Number.isFinite(perSecond)) {
      throw new RangeError(`rate ${perSecond} is not a finite number ≥ 0; use 0 for "as fast as possible"`);
    }
    this.#intervalMs = perSecond === 0 ? 0 : 1000 / perSecond;
    this.#maxBankMs = maxBankMs;
  }

  /** Books the next `units` and returns how many ms to wait before they may go (0: go now). */
  reserve(units = 1): number {
    if (this.#intervalMs === 0) return 0;
    const now = this.clock.now();
    const start = this.#next === -Infinity ? now : Math.max(this.#next, now - this.#maxBankMs);
    this.#next = start + units * this.#intervalMs;
    return Math.max(0, start - now);
  }

  /** How many ms until one more unit could go, without booking it. */
  delayUntilNext(): number {
    if (this.#intervalMs === 0) return 0;
    const now = this.clock.now();
    return Math.max(0, this.#next - now);
  }

  /** Waits until the next `units` may go. */
  async take(units = 1): Promise<void> {
    const wait = this.reserve(units);
    if (wait > 0) await this.clock.sleep(wait);
  }
}
