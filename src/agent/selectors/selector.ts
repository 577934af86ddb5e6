import type { Channel } from '../channels/channel.js';
import type { FlumeEvent } from '../event.js';

/** Flume's channel selector: which channels must take an event, and which may. */
export interface ChannelSelector {
  required(event: FlumeEvent): Channel[];
  optional(event: FlumeEvent): Channel[];
}
