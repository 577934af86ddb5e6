import { readSync } from 'node:fs';

const CHUNK = 1024 * 1024;

export interface Line {
  body: Buffer;
  /** File offset of the line's first byte. */
  start: number;
  /** File offset just past its newline: where reading resumes once the line is committed. */
  end: number;
}

/**
 * Reads newline-terminated lines from an open file with a read-ahead buffer.
 * `committed` is where reading restarts after a rollback; nothing is ever
 * considered read until the caller commits it.
 */
export class LineReader {
  private buf = Buffer.alloc(0);
  private bufStart: number;
  private cursor = 0;

  constructor(
    private readonly fd: number,
    public committed: number,
    /** Longest line kept whole; longer ones are split, as Flume's LineDeserializer truncates. */
    private readonly maxLineLength = Number.MAX_SAFE_INTEGER,
    /** Whether bytes after the last newline count as a line at end of file: yes for finished files, no for growing ones. */
    private readonly lastLineMayLackNewline = false,
  ) {
    this.bufStart = committed;
  }

  /** Up to `max` complete lines from where the last read stopped. A line still missing its newline waits. */
  read(max: number): Line[] {
    const lines: Line[] = [];
    while (lines.length < max) {
      const nl = this.buf.indexOf(10, this.cursor);
      const available = (nl === -1 ? this.buf.length : nl) - this.cursor;
      if (available >= this.maxLineLength) {
        const start = this.bufStart + this.cursor;
        lines.push({ body: Buffer.from(this.buf.subarray(this.cursor, this.cursor + this.maxLineLength)), start, end: start + this.maxLineLength });
        this.cursor += this.maxLineLength;
        continue;
      }
      if (nl === -1) {
        if (this.fill()) continue;
        if (this.lastLineMayLackNewline && available > 0) {
          const start = this.bufStart + this.cursor;
          lines.push({ body: Buffer.from(this.buf.subarray(this.cursor)), start, end: start + available });
          this.cursor = this.buf.length;
        }
        break;
      }
      const start = this.bufStart + this.cursor;
      lines.push({ body: Buffer.from(this.buf.subarray(this.cursor, nl)), start, end: this.bufStart + nl + 1 });
      this.cursor = nl + 1;
    }
    return lines;
  }

  commit(end: number): void {
    this.committed = end;
  }

  /** Forgets what was read past the committed position, to read it again. */
  rewind(): void {
    this.buf = Buffer.alloc(0);
    this.bufStart = this.committed;
    this.cursor = 0;
  }

  private fill(): boolean {
    const keep = this.buf.subarray(this.cursor);
    const next = Buffer.allocUnsafe(keep.length + CHUNK);
    keep.copy(next);
    const n = readSync(this.fd, next, keep.length, CHUNK, this.bufStart + this.buf.length);
    if (n === 0) return false;
    this.bufStart += this.cursor;
    this.buf = next.subarray(0, keep.length + n);
    this.cursor = 0;
    return true;
  }
}
