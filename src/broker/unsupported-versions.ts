import type { Logger } from '../log.js';

const WINDOW_MS = 60_000;

interface Seen {
  windowStart: number;
  /** Requests refused since the last line was logged. */
  count: number;
}

function hint(api: string, version: number, min: number, max: number): string {
  if (version > max) {
    return `this client is newer than the broker for ${api}; a client that sent ApiVersions should have fallen back to v${max}, so upgrade streamdash or pin the client's protocol version`;
  }
  return `this client speaks an older ${api} than any streamdash serves (v${min} is the oldest); Kafka 0.8 to 0.10 clients are served, so check the client's api_version / protocol pin`;
}

/**
 * Logs a refused API version once per client, API and version per minute,
 * with how many were refused, instead of one line per request: a client
 * that retries in a loop would otherwise flood the log (17,494 lines in 5 s
 * were seen from one Fetch v3 consumer).
 */
export class UnsupportedVersionLog {
  private readonly seen = new Map<string, Seen>();

  constructor(
    private readonly logger: Logger,
    private readonly clock: () => number = Date.now,
  ) {}

  refused(client: string, api: string, version: number, min: number, max: number): void {
    const key = `${client}\u0000${api}\u0000${version}`;
    const now = this.clock();
    const entry = this.seen.get(key);
    if (entry && now - entry.windowStart < WINDOW_MS) {
      entry.count++;
      return;
    }
    const count = (entry?.count ?? 0) + 1;
    this.seen.set(key, { windowStart: now, count: 0 });
    this.forgetOld(now);
    this.logger.warn(
      { client, api, apiVersion: version, supported: `v${min}-v${max}`, refusedSinceLastLine: count, hint: hint(api, version, min, max) },
      `${api} v${version} is not supported (supported: v${min}-v${max})`,
    );
  }

  private forgetOld(now: number): void {
    if (this.seen.size < 1024) return;
    for (const [key, e] of this.seen) if (now - e.windowStart >= WINDOW_MS && e.count === 0) this.seen.delete(key);
  }
}
