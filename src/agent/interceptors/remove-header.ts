import type { Context } from '../config/context.js';
import type { FlumeEvent } from '../event.js';
import type { Interceptor } from './interceptor.js';

/** Flume's `remove_header` interceptor: removes a named header, a list of them, and those matching a pattern. */
export function removeHeaderInterceptor(ctx: Context): Interceptor {
  const withName = ctx.optionalString('withName');
  const separator = ctx.regex('fromListSeparator', '\\s*,\\s*');
  const fromList = ctx.optionalString('fromList')?.split(separator).filter(Boolean) ?? [];
  const matching = ctx.has('matching') ? anchored(ctx.regex('matching', '')) : undefined;
  const names = new Set(withName ? [withName, ...fromList] : fromList);
  return {
    intercept(events: FlumeEvent[]): FlumeEvent[] {
      for (const e of events) {
        for (const k of Object.keys(e.headers)) if (names.has(k) || matching?.test(k)) delete e.headers[k];
      }
      return events;
    },
  };
}

/** Flume matches header names with Matcher.matches(): the whole name, not a part. */
function anchored(r: RegExp): RegExp {
  return new RegExp(`^(?:${r.source})$`, r.flags);
}
