import type { RecordContext } from '../records.js';
import type { Predicate, Processor, ValueFn } from './processor.js';

export class FilterProcessor implements Processor {
  constructor(
    private readonly keep: Predicate,
    private readonly next: Processor,
  ) {}

  process(key: unknown, value: unknown, timestamp: number): void {
    if (this.keep(value, key)) this.next.process(key, value, timestamp);
  }
}

export class MapValuesProcessor implements Processor {
  constructor(
    private readonly fn: ValueFn,
    private readonly next: Processor,
  ) {}

  process(key: unknown, value: unknown, timestamp: number): void {
    this.next.process(key, this.fn(value, key), timestamp);
  }
}

export class MapToPairProcessor implements Processor {
  constructor(
    private readonly fn: (value: unknown, key: unknown) => readonly [unknown, unknown],
    private readonly next: Processor,
  ) {}

  process(key: unknown, value: unknown, timestamp: number): void {
    const pair = this.fn(value, key);
    this.next.process(pair[0], pair[1], timestamp);
  }
}

export class FlatMapValuesProcessor implements Processor {
  constructor(
    private readonly fn: (value: unknown, key: unknown) => Iterable<unknown>,
    private readonly next: Processor,
  ) {}

  process(key: unknown, value: unknown, timestamp: number): void {
    for (const item of this.fn(value, key)) this.next.process(key, item, timestamp);
  }
}

export class PeekProcessor implements Processor {
  constructor(
    private readonly fn: (value: unknown, key: unknown, record: RecordContext) => void,
    private readonly record: RecordContext,
    private readonly next: Processor,
  ) {}

  process(key: unknown, value: unknown, timestamp: number): void {
    this.fn(value, key, this.record);
    this.next.process(key, value, timestamp);
  }
}

export class KeyByProcessor implements Processor {
  constructor(
    private readonly fn: ValueFn,
    private readonly next: Processor,
  ) {}

  process(key: unknown, value: unknown, timestamp: number): void {
    this.next.process(this.fn(value, key), value, timestamp);
  }
}

export class TimestampProcessor implements Processor {
  constructor(
    private readonly extract: (value: unknown, key: unknown, timestamp: number) => number,
    private readonly next: Processor,
  ) {}

  process(key: unknown, value: unknown, timestamp: number): void {
    this.next.process(key, value, this.extract(value, key, timestamp));
  }
}

/** Sends each record to the first branch whose predicate holds; records no predicate takes are dropped. */
export class BranchProcessor implements Processor {
  constructor(
    private readonly predicates: readonly Predicate[],
    private readonly branches: readonly Processor[],
  ) {}

  process(key: unknown, value: unknown, timestamp: number): void {
    for (let i = 0; i < this.predicates.length; i++) {
      if (this.predicates[i]!(value, key)) {
        this.branches[i]!.process(key, value, timestamp);
        return;
      }
    }
  }
}
