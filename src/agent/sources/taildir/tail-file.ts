import { closeSync, openSync } from 'node:fs';
import { LineReader } from '../line-reader.js';
import type { FileGroup } from './file-group.js';

/**
 * A file TAILDIR follows, known by inode: a rename keeps it the same file.
 * `matched` turns false once no file group's pattern names it any more
 * (rotated away, or deleted); it is still read to its end through the open
 * descriptor before it is let go.
 */
export class TailFile {
  private fd: number | undefined;
  private reader: LineReader | undefined;
  matched = true;
  lastActivity = Date.now();
  /** Size at the last directory scan; a closed file is reopened only when it grew. */
  size = 0;

  constructor(
    readonly inode: number,
    public path: string,
    public pos: number,
    readonly group: FileGroup,
  ) {}

  get isOpen(): boolean {
    return this.fd !== undefined;
  }

  open(): void {
    if (this.fd !== undefined) return;
    this.fd = openSync(this.path, 'r');
    this.reader = new LineReader(this.fd, this.pos);
  }

  close(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
    this.reader = undefined;
  }

  /** Up to `max` complete lines after the committed position; none when closed. */
  read(max: number): ReturnType<LineReader['read']> {
    return this.reader?.read(max) ?? [];
  }

  commit(end: number): void {
    this.pos = end;
    this.reader?.commit(end);
    this.lastActivity = Date.now();
  }

  rewind(): void {
    this.reader?.rewind();
  }

  /** The file shrank below our position: it was truncated and rewritten, so read it again from the start. */
  restartFromZero(): void {
    this.close();
    this.pos = 0;
  }
}
