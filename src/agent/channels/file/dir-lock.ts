import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export class DirectoryInUseError extends Error {
  override readonly name = 'DirectoryInUseError';
}

const LOCK = 'in_use.lock';
/** Locks this process holds: a pid check alone cannot tell two channels of one agent apart. */
const heldHere = new Set<string>();

/**
 * Claims a directory for this process, as Flume's in_use.lock does. A lock
 * left by a process that no longer runs (kill -9) is taken over.
 */
export function lockDirectory(dir: string, what: string): () => void {
  const path = join(dir, LOCK);
  if (heldHere.has(path)) throw new DirectoryInUseError(`${what} ${dir} is in use by another channel of this process; give each channel its own directory`);
  try {
    writeFileSync(path, String(process.pid), { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const holder = Number(readFileSync(path, 'utf8').trim());
    if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) {
      throw new DirectoryInUseError(`${what} ${dir} is in use by process ${holder}; stop that agent or give this one its own directory`);
    }
    writeFileSync(path, String(process.pid));
  }
  heldHere.add(path);
  return () => {
    heldHere.delete(path);
    try {
      unlinkSync(path);
    } catch {
      // Already gone: nothing left to release.
    }
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
