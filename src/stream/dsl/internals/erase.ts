/** User functions are typed at the DSL and run untyped in the chain. */
export function erase<R>(fn: (...args: never[]) => R): (...args: unknown[]) => R {
  return fn as (...args: unknown[]) => R;
}
