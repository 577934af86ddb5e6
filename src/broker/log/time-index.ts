import { readInt64, writeInt64 } from './batch-fields.js';
import { lastEntryAtOrBelow, type IndexFile } from './index-file.js';

export const TIME_ENTRY_SIZE = 12;

/**
 * Kafka's .timeindex: sparse entries of (int64 largest timestamp so far,
 * int32 last offset of the batch that holds it - base offset). Timestamps
 * strictly increase; a sealed segment's last entry is its largest timestamp.
 */
export class TimeIndex {
  constructor(
    readonly file: IndexFile,
    readonly baseOffset: number,
  ) {}

  get count(): number {
    return this.file.count;
  }

  timestampAt(i: number): number {
    return readInt64(this.file.bytes, i * TIME_ENTRY_SIZE);
  }

  offsetAt(i: number): number {
    return this.baseOffset + this.file.bytes.readInt32BE(i * TIME_ENTRY_SIZE + 8);
  }

  /** -1 when empty, which is also Kafka's "no timestamp". */
  get lastTimestamp(): number {
    return this.count === 0 ? -1 : this.timestampAt(this.count - 1);
  }

  /** Adds an entry only past the last one's timestamp, keeping timestamps strictly increasing. */
  maybeAppend(timestamp: number, offset: number): void {
    if (timestamp <= this.lastTimestamp) return;
    const at = this.file.add();
    writeInt64(this.file.bytes, timestamp, at);
    this.file.bytes.writeInt32BE(offset - this.baseOffset, at + 8);
  }

  /**
   * The offset of the last entry stamped at or before `timestamp`, else the
   * base offset: no batch before that entry's batch can reach `timestamp`.
   */
  lookup(timestamp: number): number {
    const found = lastEntryAtOrBelow(this.count, (i) => this.timestampAt(i), timestamp);
    return found < 0 ? this.baseOffset : this.offsetAt(found);
  }

  /** The shape appends produce, for a segment holding offsets below `nextOffset`. */
  isWellFormed(nextOffset: number): boolean {
    if (!this.file.wholeEntries) return false;
    let prevTimestamp = -1;
    let prevOffset = this.baseOffset;
    for (let i = 0; i < this.count; i++) {
      const timestamp = this.timestampAt(i);
      const offset = this.offsetAt(i);
      if (timestamp <= prevTimestamp || offset < prevOffset || offset >= nextOffset) return false;
      prevTimestamp = timestamp;
      prevOffset = offset;
    }
    return true;
  }
}
