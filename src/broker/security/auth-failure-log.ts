import type { Logger } from '../../log.js';

interface Window {
  /** Failures since the last line. */
  count: number;
  /** The kinds among them (SASL, TLS, unauthenticated request), with how many of each. */
  kinds: Map<string, number>;
  lastReason: string;
  timer: NodeJS.Timeout;
}

/**
 * Failed logins, logged at most once per client address per window, with a count: a password
 * guesser or a misconfigured client in a retry loop would otherwise write a line per attempt.
 * An address's first failure is logged at once, so a single mistake is seen immediately; those
 * that follow within the window are counted and written as one line when it ends, and a steady
 * flood stays at one line per window.
 */
export class AuthFailureLog {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly logger: Logger,
    /** How long the failures of one address are gathered into one line. */
    private readonly windowMs: number,
  ) {}

  failed(address: string, kind: string, reason: string): void {
    const w = this.windows.get(address);
    if (w) {
      w.count++;
      w.kinds.set(kind, (w.kinds.get(kind) ?? 0) + 1);
      w.lastReason = reason;
      return;
    }
    this.logger.warn({ address, kind, reason, failures: 1 }, `authentication failed from ${address} (${kind}); further failures from this address are counted into one line per ${this.windowMs / 1000} s`);
    this.open(address);
  }

  private open(address: string): void {
    const timer = setTimeout(() => this.windowEnded(address), this.windowMs);
    timer.unref();
    this.windows.set(address, { count: 0, kinds: new Map(), lastReason: '', timer });
  }

  private windowEnded(address: string): void {
    const w = this.windows.get(address);
    if (!w) return;
    this.windows.delete(address);
    if (w.count === 0) return;
    this.report(address, w);
    // Still failing: the next window gathers the next minute's failures into its one line.
    this.open(address);
  }

  private report(address: string, w: Window): void {
    this.logger.warn(
      { address, failures: w.count, kinds: Object.fromEntries(w.kinds), lastReason: w.lastReason, windowMs: this.windowMs },
      `${w.count} more failed authentications from ${address} in the last ${this.windowMs / 1000} s`,
    );
  }

  /** Writes what is counted and not yet logged (the broker is stopping) and stops the timers. */
  close(): void {
    for (const [address, w] of this.windows) {
      clearTimeout(w.timer);
      if (w.count > 0) this.report(address, w);
    }
    this.windows.clear();
  }
}
