import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The log start offset that DeleteRecords set, when it lies inside the first
 * segment (Kafka keeps the same in its log-start-offset-checkpoint). Without
 * the file the start is the first segment's base offset.
 */
const LOG_START_FILE = 'log-start-offset';

export function readLogStartOffset(dir: string): number {
  const file = join(dir, LOG_START_FILE);
  if (!existsSync(file)) return 0;
  const n = Number(readFileSync(file, 'utf8').trim());
  return Number.isSafeInteger(n) && n >= 0 ? n : 0;
}

/** Written to a temporary file and renamed, so a crash leaves the old start or the new one. */
export function writeLogStartOffset(dir: string, offset: number): void {
  const file = join(dir, LOG_START_FILE);
  writeFileSync(`${file}.tmp`, `${offset}\n`);
  renameSync(`${file}.tmp`, file);
}
