import { hostname, networkInterfaces } from 'node:os';
import type { Context } from '../config/context.js';
import type { FlumeEvent } from '../event.js';
import type { Interceptor } from './interceptor.js';

/** Flume's `host` interceptor: this machine's IP address (useIP, the default) or host name. */
export function hostInterceptor(ctx: Context): Interceptor {
  const header = ctx.string('hostHeader', 'host');
  const preserveExisting = ctx.bool('preserveExisting', false);
  const value = ctx.bool('useIP', true) ? localAddress() : hostname();
  return {
    intercept(events: FlumeEvent[]): FlumeEvent[] {
      for (const e of events) if (!(preserveExisting && header in e.headers)) e.headers[header] = value;
      return events;
    },
  };
}

/** The first non-loopback IPv4 address, as InetAddress.getLocalHost() usually resolves on a server. */
function localAddress(): string {
  for (const addrs of Object.values(networkInterfaces())) {
    for (const a of addrs ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return '127.0.0.1';
}
