import type { Context } from '../config/context.js';
import type { FlumeEvent } from '../event.js';
import type { Interceptor } from './interceptor.js';

/** Flume's `timestamp` interceptor: the time the event was intercepted, in epoch milliseconds. */
export function timestampInterceptor(ctx: Context): Interceptor {
  const header = ctx.string('headerName', 'timestamp');
  const preserveExisting = ctx.bool('preserveExisting', false);
  return {
    intercept(events: FlumeEvent[]): FlumeEvent[] {
      const now = String(Date.now());
      for (const e of events) if (!(preserveExisting && header in e.headers)) e.headers[header] = now;
      return events;
    },
  };
}
