import type { Context } from '../config/context.js';
import type { FlumeEvent } from '../event.js';
import type { Interceptor } from './interceptor.js';

/** Flume's `static` interceptor: one fixed header on every event. */
export function staticInterceptor(ctx: Context): Interceptor {
  const key = ctx.string('key', 'key');
  const value = ctx.string('value', 'value');
  const preserveExisting = ctx.bool('preserveExisting', true);
  return {
    intercept(events: FlumeEvent[]): FlumeEvent[] {
      for (const e of events) if (!(preserveExisting && key in e.headers)) e.headers[key] = value;
      return events;
    },
  };
}
