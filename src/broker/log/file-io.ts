import { closeSync, fsyncSync, openSync, readSync, writeSync } from 'node:fs';

/** Reads until `length` bytes or the end of the file; returns how many arrived. */
export function readUpTo(fd: number, buf: Buffer, length: number, position: number, bufOffset = 0): number {
  let got = 0;
  while (got < length) {
    const n = readSync(fd, buf, bufOffset + got, length - got, position + got);
    if (n === 0) break;
    got += n;
  }
  return got;
}

/** Writes `buf[offset, offset + length)` at the end of a file opened for appending. */
export function writeAll(fd: number, buf: Buffer, offset = 0, length = buf.length - offset): void {
  let done = 0;
  while (done < length) done += writeSync(fd, buf, offset + done, length - done);
}

/** Makes new or removed file names in `dir` durable, which fsyncing the files alone does not. */
export function syncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
