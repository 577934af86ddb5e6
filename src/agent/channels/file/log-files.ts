import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** A data log file: `log-<id>` in one of the data dirs, spread round-robin by id. */
export interface LogFile {
  id: number;
  path: string;
}

export function logFilePath(dirs: readonly string[], id: number): string {
  return join(dirs[id % dirs.length]!, `log-${id}`);
}

export function listLogFiles(dirs: readonly string[]): LogFile[] {
  const files: LogFile[] = [];
  for (const dir of dirs) {
    for (const name of readdirSync(dir)) {
      const m = /^log-(\d+)$/.exec(name);
      if (m) files.push({ id: Number(m[1]), path: join(dir, name) });
    }
  }
  return files.sort((a, b) => a.id - b.id);
}
