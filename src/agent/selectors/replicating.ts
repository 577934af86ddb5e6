import type { Channel } from '../channels/channel.js';
import type { Context } from '../config/context.js';
import { AgentConfigError } from '../errors.js';
import type { ChannelSelector } from './selector.js';

/**
 * Flume's `replicating` selector: every event to every channel of the source.
 * Channels named in `optional` may fail without failing the source.
 */
export function replicatingSelector(ctx: Context, channels: Channel[]): ChannelSelector {
  const byName = new Map(channels.map((c) => [c.name, c]));
  const optionalNames = ctx.list('optional');
  for (const n of optionalNames) {
    if (!byName.has(n)) throw new AgentConfigError(ctx.key('optional'), `"${n}" is not one of this source's channels (${[...byName.keys()].join(', ')})`);
  }
  const optional = optionalNames.map((n) => byName.get(n)!);
  const required = channels.filter((c) => !optionalNames.includes(c.name));
  return { required: () => required, optional: () => optional };
}
