import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { decodeRecord, FILE_MAGIC, RECORD_HEADER, type DecodedRecord } from './record-codec.js';

export class ForeignFileError extends Error {
  override readonly name = 'ForeignFileError';
}

const CHUNK = 8 * 1024 * 1024;

/**
 * Reads the records of one data log file from `from` on, in chunks, and
 * stops at the first torn or corrupt record: only an unacknowledged write can
 * leave one, since every later write goes to a newer file.
 */
export function* scanLogFile(path: string, from: number): Generator<{ record: DecodedRecord; offset: number }> {
  const fd = openSync(path, 'r');
  try {
    const fileSize = fstatSync(fd).size;
    const magic = Buffer.alloc(FILE_MAGIC.length);
    if (readSync(fd, magic, 0, magic.length, 0) < magic.length) return;
    if (!magic.equals(FILE_MAGIC)) throw new ForeignFileError(`${path} is not a streamdash file channel log; move it out of the data directory`);
    let bufStart = Math.max(from, FILE_MAGIC.length);
    let buf = Buffer.alloc(0);
    let o = 0;
    while (true) {
      const decoded = decodeRecord(buf, o);
      if (decoded) {
        yield { record: decoded.record, offset: bufStart + o };
        o += decoded.size;
        continue;
      }
      const needed = o + RECORD_HEADER <= buf.length ? buf.readUInt32BE(o) + RECORD_HEADER : RECORD_HEADER;
      if (o + needed <= buf.length) return;
      const fileLeft = fileSize - (bufStart + buf.length);
      if (fileLeft <= 0 || bufStart + o + needed > fileSize) return;
      const rest = buf.subarray(o);
      const next = Buffer.allocUnsafe(rest.length + Math.min(fileLeft, Math.max(CHUNK, needed)));
      rest.copy(next);
      const read = readSync(fd, next, rest.length, next.length - rest.length, bufStart + buf.length);
      bufStart += o;
      buf = next.subarray(0, rest.length + read);
      o = 0;
    }
  } finally {
    closeSync(fd);
  }
}
