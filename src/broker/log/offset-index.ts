import { lastEntryAtOrBelow, type IndexFile } from './index-file.js';

export const OFFSET_ENTRY_SIZE = 8;

/**
 * Kafka's .index: sparse entries of (int32 batch last offset - base offset,
 * int32 position of that batch in the .log), both strictly increasing.
 */
export class OffsetIndex {
  constructor(
    readonly file: IndexFile,
    readonly baseOffset: number,
  ) {}

  get count(): number {
    return this.file.count;
  }

  offsetAt(i: number): number {
    return this.baseOffset + this.file.bytes.readInt32BE(i * OFFSET_ENTRY_SIZE);
  }

  positionAt(i: number): number {
    return this.file.bytes.readInt32BE(i * OFFSET_ENTRY_SIZE + 4);
  }

  append(lastOffset: number, position: number): void {
    const at = this.file.add();
    this.file.bytes.writeInt32BE(lastOffset - this.baseOffset, at);
    this.file.bytes.writeInt32BE(position, at + 4);
  }

  /** Where to start scanning for `offset`: the position of the last entry at or below it, else 0. */
  lookup(offset: number): number {
    const found = lastEntryAtOrBelow(this.count, (i) => this.offsetAt(i), offset);
    return found < 0 ? 0 : this.positionAt(found);
  }

  /** The shape appends produce, for a segment holding offsets below `nextOffset` in `logSize` bytes. */
  isWellFormed(nextOffset: number, logSize: number): boolean {
    if (!this.file.wholeEntries) return false;
    let prevOffset = this.baseOffset - 1;
    let prevPosition = -1;
    for (let i = 0; i < this.count; i++) {
      const offset = this.offsetAt(i);
      const position = this.positionAt(i);
      if (offset <= prevOffset || offset >= nextOffset || position <= prevPosition || position >= logSize) return false;
      prevOffset = offset;
      prevPosition = position;
    }
    return true;
  }
}
