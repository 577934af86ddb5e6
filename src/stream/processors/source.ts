import type { SourceRecord } from '../records.js';
import type { Serde } from '../serde.js';
import type { TaskContext } from '../task/task-context.js';
import { findPosition } from './position-header.js';
import type { Processor } from './processor.js';

/** Entry of a task for one input topic: tracks the read position and decodes records into the chain. */
export class SourceNode {
  /** Next offset to read; -1 before the first record. */
  position = -1;
  /** Highest sequence applied per upstream partition; only repartition sources use it. */
  private readonly highWater = new Map<number, number>();

  constructor(
    private readonly ctx: TaskContext,
    readonly topic: string,
    readonly internal: boolean,
    private readonly keySerde: Serde<unknown>,
    private readonly valueSerde: Serde<unknown>,
    private readonly next: Processor,
    /** Tables read tombstones (null values) as deletions; streams skip them. */
    private readonly tombstones = false,
  ) {}

  receive(record: SourceRecord): void {
    this.position = record.offset + 1;
    if (record.value === null && !this.tombstones) {
      this.ctx.metrics.skippedRecords++;
      return;
    }
    if (this.internal) {
      if (this.isDuplicate(record)) {
        this.ctx.metrics.duplicatesDropped++;
        return;
      }
    } else {
      this.ctx.metrics.recordsIn++;
    }
    const key = record.key === null ? null : this.keySerde.deserialize(record.key);
    this.next.process(key, record.value === null ? null : this.valueSerde.deserialize(record.value), record.timestamp);
  }

  /** Decodes a record read back to restore a table whose changelog is this topic, into `target`. */
  replay(record: SourceRecord, target: Processor): void {
    const key = record.key === null ? null : this.keySerde.deserialize(record.key);
    target.process(key, record.value === null ? null : this.valueSerde.deserialize(record.value), record.timestamp);
  }

  private isDuplicate(record: SourceRecord): boolean {
    const position = findPosition(record.headers);
    if (position === undefined) return false;
    const seen = this.highWater.get(position.partition);
    if (seen !== undefined && position.sequence <= seen) return true;
    this.highWater.set(position.partition, position.sequence);
    return false;
  }

  dedupState(): Record<string, number> {
    return Object.fromEntries(this.highWater);
  }

  restoreDedup(state: Readonly<Record<string, number>> | undefined): void {
    this.highWater.clear();
    for (const [partition, sequence] of Object.entries(state ?? {})) this.highWater.set(Number(partition), sequence);
  }
}
