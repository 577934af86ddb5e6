import type { FlumeEvent } from '../event.js';
import type { Lifecycle } from '../lifecycle.js';

/** Events taken from a channel, held until the sink commits (they are gone) or rolls back (they return to the head). */
export interface TakeTransaction {
  readonly events: FlumeEvent[];
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

/**
 * Flume's channel contract with transactions folded into two calls: `put`
 * stores a whole batch or nothing, and `take` opens a take transaction.
 */
export interface Channel extends Lifecycle {
  readonly type: string;
  readonly transactionCapacity: number;
  /**
   * Stores all events, durably for durable channels, or none. Waits up to the
   * channel's keep-alive for room, then rejects with ChannelFullError.
   */
  put(events: FlumeEvent[]): Promise<void>;
  /** Takes up to `max` events (possibly none) in a new take transaction. */
  take(max: number): Promise<TakeTransaction>;
  /** Resolves when the channel has events, after `ms`, or when `cancel` fires; sinks use it to sleep while empty. */
  waitForEvents(ms: number, cancel?: AbortSignal): Promise<void>;
  /** Events stored and not yet taken for good, in-flight takes included. */
  size(): number;
}
