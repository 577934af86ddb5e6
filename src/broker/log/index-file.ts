import { closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, openSync } from 'node:fs';
import { readUpTo, writeAll } from './file-io.js';

/**
 * A file of fixed-size entries mirrored in memory. New entries are written
 * with one write when persisted; a cleared index is rewritten from scratch.
 */
export class IndexFile {
  private data: Buffer;
  private used: number;
  private persisted: number;
  private rewrite = false;
  private unsynced = false;

  private constructor(
    readonly path: string,
    readonly entrySize: number,
    /** False when the file had to be created: a missing index must be rebuilt. */
    readonly existed: boolean,
    private readonly fd: number,
    data: Buffer,
    used: number,
  ) {
    this.data = data;
    this.used = used;
    this.persisted = used;
  }

  static open(path: string, entrySize: number): IndexFile {
    const existed = existsSync(path);
    const fd = openSync(path, 'a+');
    const size = fstatSync(fd).size;
    const data = Buffer.alloc(Math.max(size, entrySize * 64));
    const used = readUpTo(fd, data, size, 0);
    return new IndexFile(path, entrySize, existed, fd, data, used);
  }

  get count(): number {
    return Math.floor(this.used / this.entrySize);
  }

  /** False when the file ends mid-entry, which no append produces. */
  get wholeEntries(): boolean {
    return this.used % this.entrySize === 0;
  }

  /** Entry i starts at byte i * entrySize. */
  get bytes(): Buffer {
    return this.data;
  }

  /** Makes room for one more entry and returns the byte position to write it at. */
  add(): number {
    if (this.used + this.entrySize > this.data.length) {
      const grown = Buffer.alloc(this.data.length * 2);
      this.data.copy(grown, 0, 0, this.used);
      this.data = grown;
    }
    const at = this.used;
    this.used += this.entrySize;
    return at;
  }

  clear(): void {
    this.used = 0;
    this.persisted = 0;
    this.rewrite = true;
  }

  persist(): void {
    if (this.rewrite) {
      ftruncateSync(this.fd, 0);
      this.rewrite = false;
      this.unsynced = true;
    }
    if (this.used === this.persisted) return;
    try {
      writeAll(this.fd, this.data, this.persisted, this.used - this.persisted);
    } catch (err) {
      // A partial write (a full disk) would leave part of an entry, and the next persist appends after it.
      ftruncateSync(this.fd, this.persisted);
      throw err;
    }
    this.persisted = this.used;
    this.unsynced = true;
  }

  /** Drops the entries past the first `used` bytes, in memory and on disk (a failed append is undone). */
  truncateTo(used: number): void {
    if (used >= this.used) return;
    this.used = used;
    if (this.persisted <= used) return;
    ftruncateSync(this.fd, used);
    this.persisted = used;
    this.unsynced = true;
  }

  /** Bytes of entries held, for truncateTo. */
  get usedBytes(): number {
    return this.used;
  }

  sync(): void {
    if (!this.unsynced) return;
    fsyncSync(this.fd);
    this.unsynced = false;
  }

  close(): void {
    closeSync(this.fd);
  }
}

/**
 * The last of `count` entries, sorted by a strictly increasing key, whose key is at or below
 * `key` (a binary search), or -1 when the first is already above it.
 */
export function lastEntryAtOrBelow(count: number, keyAt: (i: number) => number, key: number): number {
  let lo = 0;
  let hi = count - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (keyAt(mid) <= key) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}
