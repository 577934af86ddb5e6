import { AgentConfigError } from '../errors.js';
import type { Context } from './context.js';

/**
 * Looks up a component's `type`, as Flume does: short names in any case, or
 * the implementing Java class name.
 */
export function lookupType<T>(ctx: Context, what: string, table: Readonly<Record<string, T>>, aliases: Readonly<Record<string, string>> = {}, fallback?: string): { type: string; value: T } {
  const written = fallback === undefined ? ctx.requiredString('type', `every ${what}`) : ctx.string('type', fallback);
  const name = aliases[written] ?? Object.keys(table).find((k) => k.toLowerCase() === written.toLowerCase());
  if (name === undefined || !(name in table)) {
    throw new AgentConfigError(ctx.key('type'), `unknown ${what} type "${written}"; use one of ${Object.keys(table).join(', ')}`);
  }
  return { type: name, value: table[name]! };
}
