import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every event with a sequence number below `lwm` has been taken for good, and
 * the put record of the first one that may not have been starts at or after
 * `fileId`/`offset`. Replay starts there, so the checkpoint stays this small.
 */
export interface Checkpoint {
  lwm: number;
  fileId: number;
  offset: number;
}

const FILE = 'checkpoint.json';

export class CorruptCheckpointError extends Error {
  override readonly name = 'CorruptCheckpointError';
}

export function readCheckpoint(dir: string): Checkpoint | undefined {
  let text: string;
  try {
    text = readFileSync(join(dir, FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const c = JSON.parse(text) as Partial<Checkpoint>;
  if (![c.lwm, c.fileId, c.offset].every((n) => Number.isSafeInteger(n) && (n as number) >= 0)) {
    throw new CorruptCheckpointError(`${join(dir, FILE)} is damaged; delete it to replay the data logs from their start`);
  }
  return c as Checkpoint;
}

/** Written to a temporary file, synced, then renamed over the old one, so a crash leaves one or the other. */
export function writeCheckpoint(dir: string, c: Checkpoint): void {
  const tmp = join(dir, FILE + '.tmp');
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, JSON.stringify({ lwm: c.lwm, fileId: c.fileId, offset: c.offset }));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, join(dir, FILE));
  const dfd = openSync(dir, 'r');
  try {
    fsyncSync(dfd);
  } finally {
    closeSync(dfd);
  }
}
