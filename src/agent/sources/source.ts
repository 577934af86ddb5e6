import type { BatchSize } from '../config/context.js';
import type { Lifecycle } from '../lifecycle.js';

export interface Source extends Lifecycle {
  readonly type: string;
  /** Most events put per transaction, when the source decides it, for the start-up check against transactionCapacity. */
  readonly batch?: BatchSize;
}
