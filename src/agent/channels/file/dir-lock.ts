import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export class DirectoryInUseError extends Error {
  override readonly name = 'DirectoryInUseError';
}

const LOCK = 'in_use.lock';

/**
 * Claims a directory for this process, as Flume's in_use.lock does. A lock
 * left by a process that no longer runs (kill -9) is taken over.
 */
export function lockDirectory(dir: string, what: string): () => void {
  const path = join(dir, LOCK);
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
  return () => {
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
