import type { Channel } from '../channels/channel.js';
import { EventDeliveryError } from '../errors.js';
import type { FlumeEvent } from '../event.js';
import type { BatchSize } from '../config/context.js';
import type { Lifecycle } from '../lifecycle.js';

/** READY: did work, call again at once. BACKOFF: nothing to do, wait a little. */
export type Status = 'READY' | 'BACKOFF';

export interface Sink extends Lifecycle {
  readonly type: string;
  readonly channel: Channel;
  /** Most events taken per transaction, for the start-up check against transactionCapacity. */
  readonly batch: BatchSize;
  /** Takes one batch and delivers it; throws EventDeliveryError after rolling the batch back. */
  process(): Promise<Status>;
}

/**
 * The one take → deliver → commit cycle every sink runs. A failed delivery
 * rolls the batch back into the channel, so nothing is lost, and the next
 * attempt may deliver some events again: at-least-once, as in Flume.
 */
export async function takeAndDeliver(sink: string, channel: Channel, max: number, deliver: (events: FlumeEvent[]) => Promise<void>): Promise<Status> {
  const tx = await channel.take(max);
  if (tx.events.length === 0) {
    await tx.commit();
    return 'BACKOFF';
  }
  try {
    await deliver(tx.events);
  } catch (err) {
    await tx.rollback();
    throw new EventDeliveryError(`sink ${sink} could not deliver ${tx.events.length} events (rolled back into channel ${channel.name}, will retry): ${(err as Error).message}`, { cause: err });
  }
  await tx.commit();
  return 'READY';
}
