import { closeSync, fstatSync, openSync } from 'node:fs';
import { basename } from 'node:path';
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
  /** The name the file group knew it by, which rotated copies start with (access.log → access.log.1). */
  matchedName: string;

  constructor(
    readonly inode: number,
    public path: string,
    public pos: number,
    readonly group: FileGroup,
  ) {
    this.matchedName = basename(path);
  }

  get isOpen(): boolean {
    return this.fd !== undefined;
  }

  /**
   * Opens the file at `path`; false when the name now holds another file
   * (renamed between the scan and the open), in which case nothing is opened.
   */
  open(): boolean {
    if (this.fd !== undefined) return true;
    const fd = openSync(this.path, 'r');
    if (fstatSync(fd).ino !== this.inode) {
      closeSync(fd);
      return false;
    }
    this.fd = fd;
    this.reader = new LineReader(fd, this.pos);
    return true;
  }

  /** Last modification time, read through the descriptor so renames do not matter. */
  mtimeMs(): number | undefined {
    return this.fd === undefined ? undefined : fstatSync(this.fd).mtimeMs;
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
