import type { StateKey } from './records.js';

const TYPE_RANK = { object: 0, boolean: 1, number: 2, string: 3 } as const;

/**
 * A total order on state keys (null < booleans < numbers < strings), used wherever
 * output order must not depend on Map insertion order, which a restore changes.
 */
export function compareKeys(a: StateKey, b: StateKey): number {
  if (a === b) return 0;
  const ra = TYPE_RANK[typeof a as keyof typeof TYPE_RANK];
  const rb = TYPE_RANK[typeof b as keyof typeof TYPE_RANK];
  if (ra !== rb) return ra - rb;
  return (a as string | number | boolean) < (b as string | number | boolean) ? -1 : 1;
}
