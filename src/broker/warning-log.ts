import type { Logger } from '../log.js';

/** The repeating warnings a client can provoke, each with the noun of its summary line. */
export const WARNING_KINDS = {
  authentication: 'failed authentications',
  'unsupported-version': 'requests in an unsupported version',
  'bad-input': 'connections closed for bad input',
  'connection-limit': 'connections closed over the per-address limit',
} as const;
export type WarningKind = keyof typeof WARNING_KINDS;

/** Distinct peer and kind pairs gathered at once; past this, the rest share one line, so a flood from many addresses cannot grow the map without end. */
const MAX_WINDOWS = 4096;
const OTHER_PEERS = '(other peers)';

interface Window {
  /** Warnings since the last line. */
  count: number;
  /** Their causes (SASL, TLS; Fetch v13; frame size…), with how many of each. */
  causes: Map<string, number>;
  lastReason: string;
  timer: NodeJS.Timeout;
}

/**
 * The broker's one rate-limited warning log: a warning a client can repeat (a refused version, a bad
 * frame, a failed login, a connection over the limit) is written once per peer and kind per window,
 * with a count, instead of once per event; an old client in a retry loop once wrote 17,494 lines in 5 s.
 * A peer's first warning of a kind is written at once, so a single mistake is seen immediately; those
 * that follow within the window are counted into one line when it ends, a steady flood stays at one
 * line per window, and a quiet window ends the count.
 */
export class WarningLog {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly logger: Logger,
    /** How long one peer's warnings of one kind are gathered into one line. */
    private readonly windowMs: number,
  ) {}

  /**
   * One warning. `cause` sorts the summary's count (SASL or TLS, the API and version); `fields` and
   * `msg` make the line written at once when it opens a window.
   */
  warn(kind: WarningKind, peer: string, cause: string, reason: string, fields: object, msg: string): void {
    let key = `${kind}\u0000${peer}`;
    if (!this.windows.has(key) && this.windows.size >= MAX_WINDOWS) {
      peer = OTHER_PEERS;
      key = `${kind}\u0000${peer}`;
    }
    const w = this.windows.get(key);
    if (w) {
      w.count++;
      w.causes.set(cause, (w.causes.get(cause) ?? 0) + 1);
      w.lastReason = reason;
      return;
    }
    this.logger.warn({ kind, peer, cause, reason, count: 1, ...fields }, `${msg}; more of these from ${peer} are counted into one line per ${this.windowMs / 1000} s`);
    this.open(key);
  }

  private open(key: string): void {
    const timer = setTimeout(() => this.windowEnded(key), this.windowMs);
    timer.unref();
    this.windows.set(key, { count: 0, causes: new Map(), lastReason: '', timer });
  }

  private windowEnded(key: string): void {
    const w = this.windows.get(key);
    if (!w) return;
    this.windows.delete(key);
    if (w.count === 0) return;
    this.report(key, w);
    // Still repeating: the next window gathers the next stretch into its one line.
    this.open(key);
  }

  private report(key: string, w: Window): void {
    const [kind, peer] = key.split('\u0000') as [WarningKind, string];
    this.logger.warn(
      { kind, peer, count: w.count, causes: Object.fromEntries(w.causes), lastReason: w.lastReason, windowMs: this.windowMs },
      `${w.count} more ${WARNING_KINDS[kind]} from ${peer} in the last ${this.windowMs / 1000} s`,
    );
  }

  /** Writes what is counted and not yet written (the broker is stopping) and stops the timers. */
  close(): void {
    for (const [key, w] of this.windows) {
      clearTimeout(w.timer);
      if (w.count > 0) this.report(key, w);
    }
    this.windows.clear();
  }
}
