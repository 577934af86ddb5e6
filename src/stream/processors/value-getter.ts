import { TopologyError } from '../errors.js';
import type { KeyValueStore } from '../state/key-value-store.js';
import type { TaskContext } from '../task/task-context.js';
import type { Predicate, ValueFn } from './processor.js';

/** A table's current row for a key, undefined when it has none: Kafka Streams' KTableValueGetter. */
export type ValueGetter = (key: unknown) => unknown;

/** Builds a table's getter within one task; tables derived by filter, mapValues or a join compute theirs from their parents'. */
export type ValueGetterFactory = (ctx: TaskContext) => ValueGetter;

/**
 * Reads the store of a materialized table. The store is looked up on first use: a join may be
 * wired before the table whose store it reads.
 */
export function storeGetter(storeName: string): ValueGetterFactory {
  return (ctx) => {
    let store: KeyValueStore<unknown, unknown> | undefined;
    return (key) => {
      if (store === undefined) {
        const found = ctx.stores.get(storeName);
        if (found === undefined || found.kind !== 'key-value') {
          throw new TopologyError(`the table store "${storeName}" is not in this task; join tables and streams of one StreamBuilder`);
        }
        store = found as KeyValueStore<unknown, unknown>;
      }
      return store.get(key);
    };
  };
}

/** The row of a filtered table: the parent's row when the predicate keeps it. */
export function filteredGetter(parent: ValueGetterFactory, keep: Predicate): ValueGetterFactory {
  return (ctx) => {
    const get = parent(ctx);
    return (key) => {
      const row = get(key);
      return row !== undefined && keep(row, key) ? row : undefined;
    };
  };
}

/** The row of a table made by mapValues: the parent's row, mapped. */
export function mappedGetter(parent: ValueGetterFactory, fn: ValueFn): ValueGetterFactory {
  return (ctx) => {
    const get = parent(ctx);
    return (key) => {
      const row = get(key);
      return row === undefined ? undefined : fn(row, key);
    };
  };
}
