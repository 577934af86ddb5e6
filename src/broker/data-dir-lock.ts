import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export class DataDirLockedError extends Error {
  override readonly name = 'DataDirLockedError';
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One broker per data folder, as Kafka's `.lock` ensures: two writers would
 * interleave appends and corrupt the logs. A lock left by a dead process
 * (kill -9) is taken over.
 */
export function lockDataDir(dataDir: string): () => void {
  const file = join(dataDir, '.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && alive(pid)) {
        throw new DataDirLockedError(`data folder ${dataDir} is in use by another broker (pid ${pid}); stop it or pick another --data-dir`);
      }
      rmSync(file, { force: true });
    }
  }
  throw new DataDirLockedError(`could not lock ${file}; remove it if no broker is running`);
}
