import type { Context } from '../config/context.js';
import type { FlumeEvent } from '../event.js';
import type { Interceptor } from './interceptor.js';

/**
 * Flume's `regex_filter` interceptor: keeps events whose body (as UTF-8)
 * contains a match, or drops them instead when excludeEvents is true.
 */
export function regexFilterInterceptor(ctx: Context): Interceptor {
  const regex = ctx.regex('regex', '.*');
  const exclude = ctx.bool('excludeEvents', false);
  return {
    intercept(events: FlumeEvent[]): FlumeEvent[] {
      return events.filter((e) => regex.test(e.body.toString('utf8')) !== exclude);
    },
  };
}
