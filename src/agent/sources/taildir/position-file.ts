import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';

/** One entry of Flume's TAILDIR position file. */
export interface Position {
  inode: number;
  pos: number;
  file: string;
}

export class PositionFileError extends Error {
  override readonly name = 'PositionFileError';
}

/** Reads `[{"inode":…,"pos":…,"file":"…"}]`; a missing file means a first start. */
export function readPositions(path: string): Position[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  if (text.trim() === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new PositionFileError(`${path} is not valid JSON; fix it, or delete it to read the files from their start (or end, with skipToEnd)`);
  }
  if (!Array.isArray(parsed) || !parsed.every(isPosition)) {
    throw new PositionFileError(`${path} is not a list of {inode, pos, file}; fix it, or delete it to read the files from their start (or end, with skipToEnd)`);
  }
  return parsed;
}

function isPosition(p: unknown): p is Position {
  const o = p as Position;
  return typeof o === 'object' && o !== null && Number.isSafeInteger(o.inode) && Number.isSafeInteger(o.pos) && o.pos >= 0 && typeof o.file === 'string';
}

/** Replaces the file atomically, so a kill -9 mid-write leaves the previous positions. */
export function writePositions(path: string, positions: readonly Position[]): void {
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, JSON.stringify(positions.map((p) => ({ inode: p.inode, pos: p.pos, file: p.file }))));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}
