const WINDOW_MS = 60_000;

/**
 * A local guard for a warning that repeats on every request while its cause lasts (a full disk
 * fails every produce): one goes out per minute, carrying how many were held back since the last.
 */
export class OncePerMinute {
  private windowStart = Number.NEGATIVE_INFINITY;
  private held = 0;

  /** How many were held back since the last one let through, or null when this one is held back. */
  take(now: number): number | null {
    if (now - this.windowStart < WINDOW_MS) {
      this.held++;
      return null;
    }
    const held = this.held;
    this.held = 0;
    this.windowStart = now;
    return held;
  }
}
