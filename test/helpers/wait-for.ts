export interface WaitOptions {
  /** Default 30 s. */
  timeoutMs?: number;
  /** Pause between tries; default 100 ms. */
  intervalMs?: number;
  /** More context for the failure message (the logs of the processes involved…). */
  detail?: () => string;
}

/**
 * Polls `check` until it gives a value (anything but undefined, null or false) and returns it.
 * A check that throws counts as "not yet"; on timeout the failure names `what`, with the last
 * error and `detail()`.
 */
export async function waitFor<T>(what: string, check: () => T | undefined | null | false | Promise<T | undefined | null | false>, o: WaitOptions = {}): Promise<T> {
  const timeoutMs = o.timeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== null && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const why = lastError === undefined ? '' : `; last error: ${lastError instanceof Error ? lastError.message : String(lastError)}`;
      const detail = o.detail?.() ?? '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${why}${detail ? `\n${detail}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, o.intervalMs ?? 100));
  }
}

/** Reads until `done` holds for what `read` returns, and returns that; on timeout the failure shows the last value read. */
export async function waitForValue<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, o: WaitOptions = {}): Promise<T> {
  let last: { value: T } | undefined;
  const detail = () => [last ? `last seen: ${JSON.stringify(last.value, mapsAsObjects)}` : 'nothing read', o.detail?.() ?? ''].filter(Boolean).join('\n');
  return waitFor(
    what,
    async () => {
      last = { value: await read() };
      return done(last.value) ? last : undefined;
    },
    { ...o, detail },
  ).then((l) => l.value);
}

function mapsAsObjects(_key: string, value: unknown): unknown {
  return value instanceof Map ? Object.fromEntries(value) : value;
}

/** `promise`, or a rejection with `why()` if it has not settled within `ms`; the timer never outlives it. */
export function within<T>(promise: Promise<T>, ms: number, why: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(why())), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
