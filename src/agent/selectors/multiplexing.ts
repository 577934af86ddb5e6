import type { Channel } from '../channels/channel.js';
import type { Context } from '../config/context.js';
import { AgentConfigError } from '../errors.js';
import type { ChannelSelector } from './selector.js';

/**
 * Flume's `multiplexing` selector: the value of one header picks the
 * channels (`mapping.<value>`), else `default`; `optional.<value>` adds
 * channels that may fail.
 */
export function multiplexingSelector(ctx: Context, channels: Channel[]): ChannelSelector {
  const byName = new Map(channels.map((c) => [c.name, c]));
  const resolve = (key: string): Channel[] =>
    ctx.list(key).map((n) => {
      const c = byName.get(n);
      if (!c) throw new AgentConfigError(ctx.key(key), `"${n}" is not one of this source's channels (${[...byName.keys()].join(', ')})`);
      return c;
    });
  const header = ctx.string('header', 'flume.selector.header');
  const mapping = new Map<string, Channel[]>();
  for (const k of ctx.keysStartingWith('mapping.')) mapping.set(k.slice('mapping.'.length), resolve(k));
  const optional = new Map<string, Channel[]>();
  for (const k of ctx.keysStartingWith('optional.')) optional.set(k.slice('optional.'.length), resolve(k));
  const fallback = resolve('default');
  if (mapping.size === 0 && fallback.length === 0) {
    throw new AgentConfigError(ctx.key('default'), 'missing, and no selector.mapping.<value> is set either, so every event would be dropped; set one or both');
  }
  return {
    required: (e) => {
      const v = e.headers[header];
      return (v !== undefined && mapping.get(v)) || fallback;
    },
    optional: (e) => {
      const v = e.headers[header];
      return (v !== undefined && optional.get(v)) || [];
    },
  };
}
