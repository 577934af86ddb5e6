import type { FlumeEvent } from '../event.js';

/** Flume's interceptor: sees each batch before the channel selector; may change headers or drop events. */
export interface Interceptor {
  intercept(events: FlumeEvent[]): FlumeEvent[];
}
