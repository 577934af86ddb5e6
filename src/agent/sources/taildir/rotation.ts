import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface DirEntry {
  path: string;
  name: string;
  inode: number;
  size: number;
  mtimeMs: number;
}

/** Regular files of a directory with their inode; a directory that cannot be read has none. */
export function filesIn(dir: string): DirEntry[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const out: DirEntry[] = [];
  for (const name of names) {
    const path = join(dir, name);
    try {
      const st = statSync(path);
      if (st.isFile()) out.push({ path, name, inode: st.ino, size: st.size, mtimeMs: st.mtimeMs });
    } catch {
      // Renamed or deleted between listing and stat.
    }
  }
  return out;
}

const COMPRESSED = /\.(gz|bz2|xz|zst|zip|lz4)$/;

/**
 * Rotated copies of `matchedName` (access.log.1, access.log-2018…) written
 * after `sinceMtimeMs`: files that held the log after the one we were
 * following and were rotated away before we saw them, as when the log
 * rotates twice while the agent is down. Oldest first.
 */
export function unseenRotations(entries: readonly DirEntry[], matchedName: string, sinceMtimeMs: number, known: (inode: number) => boolean): DirEntry[] {
  return entries
    .filter((e) => e.name !== matchedName && e.name.startsWith(matchedName) && !COMPRESSED.test(e.name) && e.mtimeMs >= sinceMtimeMs && !known(e.inode))
    .sort((a, b) => a.mtimeMs - b.mtimeMs);
}
