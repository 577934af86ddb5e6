import { randomUUID } from 'node:crypto';
import type { Context } from '../config/context.js';
import type { FlumeEvent } from '../event.js';
import type { Interceptor } from './interceptor.js';

/** Flume's UUID interceptor (morphline's UUIDInterceptor): a random id per event, for de-duplication downstream. */
export function uuidInterceptor(ctx: Context): Interceptor {
  const header = ctx.string('headerName', 'id');
  const preserveExisting = ctx.bool('preserveExisting', true);
  const prefix = ctx.string('prefix', '');
  return {
    intercept(events: FlumeEvent[]): FlumeEvent[] {
      for (const e of events) if (!(preserveExisting && header in e.headers)) e.headers[header] = prefix + randomUUID();
      return events;
    },
  };
}
