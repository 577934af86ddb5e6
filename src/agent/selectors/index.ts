import type { Channel } from '../channels/channel.js';
import type { Context } from '../config/context.js';
import { lookupType } from '../config/type-table.js';
import { multiplexingSelector } from './multiplexing.js';
import { replicatingSelector } from './replicating.js';
import type { ChannelSelector } from './selector.js';

export type { ChannelSelector } from './selector.js';

const TYPES: Record<string, (ctx: Context, channels: Channel[]) => ChannelSelector> = {
  replicating: replicatingSelector,
  multiplexing: multiplexingSelector,
};

const CLASS_NAMES: Record<string, string> = {
  'org.apache.flume.channel.ReplicatingChannelSelector': 'replicating',
  'org.apache.flume.channel.MultiplexingChannelSelector': 'multiplexing',
};

/** The source's `selector.*`, replicating when unset, as in Flume. */
export function buildSelector(source: Context, channels: Channel[]): ChannelSelector {
  const ctx = source.sub('selector.');
  return lookupType(ctx, 'channel selector', TYPES, CLASS_NAMES, 'replicating').value(ctx, channels);
}
