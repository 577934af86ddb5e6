import type { Processor } from './processor.js';
import type { ValueGetter, ValueGetterFactory } from './value-getter.js';

/** Which rows a join keeps when one side has none: Kafka Streams' join, leftJoin and outerJoin. */
export type JoinType = 'inner' | 'left' | 'outer';

export type Joiner = (value: unknown, other: unknown, key: unknown) => unknown;

/**
 * Stream–table join: each stream record is joined with the table's row for its key as it is
 * now. Table updates emit nothing, as in Kafka Streams. An inner join drops records whose key
 * has no row (and keyless ones); a left join passes them with null for the row.
 */
export class StreamTableJoinProcessor implements Processor {
  constructor(
    private readonly table: ValueGetter,
    private readonly joiner: Joiner,
    private readonly left: boolean,
    private readonly next: Processor,
  ) {}

  process(key: unknown, value: unknown, timestamp: number): void {
    // A null value is no event to join (in a table's change stream it is a deletion), as in Kafka Streams.
    if (value === null || value === undefined) return;
    const row = key === null || key === undefined ? undefined : this.table(key);
    if (row !== undefined) this.next.process(key, this.joiner(value, row, key), timestamp);
    else if (this.left) this.next.process(key, this.joiner(value, null, key), timestamp);
  }
}

/** The joined row of a table–table join for a key, given both sides' rows; undefined when the join has none. */
export function joinRows(type: JoinType, joiner: Joiner, key: unknown, left: unknown, right: unknown): unknown {
  if (left === undefined && right === undefined) return undefined;
  if (type === 'inner' && (left === undefined || right === undefined)) return undefined;
  if (type === 'left' && left === undefined) return undefined;
  return joiner(left ?? null, right ?? null, key);
}

/**
 * One side of a table–table join: a change of this side's row is joined with the other side's
 * current row. The joined table's change is the new joined row, or a tombstone when the key
 * leaves it; a change that leaves the key out of the join on both the old and new state emits nothing.
 */
export class TableTableJoinSide implements Processor {
  constructor(
    private readonly type: JoinType,
    private readonly joiner: Joiner,
    /** This processor sees the left table's changes. */
    private readonly isLeft: boolean,
    private readonly other: ValueGetter,
    private readonly next: Processor,
  ) {}

  process(key: unknown, value: unknown, timestamp: number): void {
    const row = value === null ? undefined : value;
    const other = this.other(key);
    const joined = this.isLeft ? joinRows(this.type, this.joiner, key, row, other) : joinRows(this.type, this.joiner, key, other, row);
    if (joined !== undefined) {
      this.next.process(key, joined, timestamp);
      return;
    }
    // The key is not in the join now; it was before if the other side's row joined this side's old row, which only a deletion or update can end.
    if (this.couldHaveJoined(other)) this.next.process(key, null, timestamp);
  }

  private couldHaveJoined(other: unknown): boolean {
    if (this.type === 'outer') return true;
    if (this.type === 'inner') return other !== undefined;
    return this.isLeft || other !== undefined;
  }
}

/** The row of a table–table join: computed from both tables' rows, so the joined table needs no store of its own. */
export function joinedGetter(type: JoinType, joiner: Joiner, left: ValueGetterFactory, right: ValueGetterFactory): ValueGetterFactory {
  return (ctx) => {
    const leftRow = left(ctx);
    const rightRow = right(ctx);
    return (key) => joinRows(type, joiner, key, leftRow(key), rightRow(key));
  };
}
