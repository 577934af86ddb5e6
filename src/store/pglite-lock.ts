import { randomUUID } from 'node:crypto';
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { StoreLockedError, type LockOwner } from './errors.js';

export const LOCK_FILE = 'streamdash-store.lock';

export interface DirLock {
  release(): void;
}

/**
 * Claims a PGlite data directory for this process. PGlite runs PostgreSQL
 * inside the process, so two processes on one directory would corrupt it;
 * this lock file turns that into a StoreLockedError naming the holder.
 * A lock left by a process that died (kill -9, power loss) is taken over.
 */
export function acquireDirLock(dir: string): DirLock {
  const path = join(dir, LOCK_FILE);
  const me = currentOwner();
  for (let attempt = 0; attempt < 5; attempt++) {
    if (tryCreate(path, me)) return holdLock(path, me);
    const owner = readOwner(path);
    if (owner && isAlive(owner)) throw new StoreLockedError(dir, owner);
    if (owner) removeStale(path, owner);
  }
  const owner = readOwner(path);
  throw new StoreLockedError(dir, owner ?? { pid: 0, command: 'unknown', host: 'unknown', since: 'unknown' });
}

function currentOwner(): LockOwner {
  const owner: LockOwner = {
    pid: process.pid,
    command: [process.argv0, ...process.argv.slice(1)].join(' ').slice(0, 300),
    host: hostname(),
    since: new Date().toISOString(),
  };
  const startTime = processStartTime(process.pid);
  if (startTime) owner.startTime = startTime;
  return owner;
}

/** Creates the lock with its content in one step (link is atomic), so no reader ever sees it half written. */
function tryCreate(path: string, owner: LockOwner): boolean {
  const temp = `${path}.${process.pid}.${randomUUID()}`;
  writeFileSync(temp, JSON.stringify(owner));
  try {
    linkSync(temp, path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    unlinkSync(temp);
  }
}

function readOwner(path: string): LockOwner | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LockOwner;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    // Not a lock we wrote and cannot tell who holds it: treat as dead so the store stays usable.
    return { pid: 0, command: 'unreadable lock file', host: hostname(), since: 'unknown' };
  }
}

function isAlive(owner: LockOwner): boolean {
  // A pid on another host cannot be checked from here, so it is taken at its word.
  if (owner.host !== hostname()) return true;
  if (!Number.isInteger(owner.pid) || owner.pid <= 0) return false;
  try {
    process.kill(owner.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const startTime = processStartTime(owner.pid);
  return !owner.startTime || !startTime || startTime === owner.startTime;
}

/**
 * Moves the dead owner's lock aside rather than deleting it, because another
 * process may have replaced it with a live lock in the meantime; if so, that
 * lock is put back.
 */
function removeStale(path: string, stale: LockOwner): void {
  const aside = `${path}.stale.${process.pid}.${randomUUID()}`;
  try {
    renameSync(path, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  const moved = readOwner(aside);
  if (moved && (moved.pid !== stale.pid || moved.since !== stale.since) && isAlive(moved)) {
    try {
      linkSync(aside, path);
    } catch {
      // Someone took the lock already; the attempt loop reports them.
    }
  }
  unlinkSync(aside);
}

function holdLock(path: string, me: LockOwner): DirLock {
  const release = (): void => {
    process.removeListener('exit', release);
    const owner = readOwner(path);
    if (owner && owner.pid === me.pid && owner.since === me.since) unlinkSync(path);
  };
  // A process that exits without closing the store must not leave the directory looking busy.
  process.on('exit', release);
  return { release };
}

/** Field 22 of /proc/<pid>/stat; undefined where /proc does not exist. */
function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses; fields after the last ')' are fixed.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}
