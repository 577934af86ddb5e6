import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where the last clean of a partition stopped, kept in its folder (Kafka keeps the same in
 * cleaner-offset-checkpoint), so a restart does not count the whole log as dirty again.
 */
export interface CleanerCheckpoint {
  /** Offsets from here on were not part of any finished clean. */
  firstDirtyOffset: number;
  /** When tombstones the last clean kept may go (a clean is due then even without new dirt); null when it kept none. */
  tombstonesDueMs: number | null;
}

const CHECKPOINT_FILE = 'cleaner-offset-checkpoint';
const NONE: CleanerCheckpoint = { firstDirtyOffset: 0, tombstonesDueMs: null };

/** The checkpoint, or a never-cleaned one when the file is missing or unreadable (a full clean is always safe). */
export function readCleanerCheckpoint(dir: string): CleanerCheckpoint {
  const file = join(dir, CHECKPOINT_FILE);
  if (!existsSync(file)) return NONE;
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<CleanerCheckpoint>;
    const offset = parsed.firstDirtyOffset;
    const due = parsed.tombstonesDueMs;
    if (typeof offset !== 'number' || !Number.isSafeInteger(offset) || offset < 0) return NONE;
    return { firstDirtyOffset: offset, tombstonesDueMs: typeof due === 'number' ? due : null };
  } catch {
    return NONE;
  }
}

/** Written to a temporary file and renamed, so a crash leaves the old checkpoint or the new one. */
export function writeCleanerCheckpoint(dir: string, checkpoint: CleanerCheckpoint): void {
  const file = join(dir, CHECKPOINT_FILE);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(checkpoint)}\n`);
  renameSync(`${file}.tmp`, file);
}
