import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { performance } from 'node:perf_hooks';

/** What the broker benchmarks share: a file of records for kcat, and timing a command. */

export function writeRecordsFile(path: string, count: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const out = createWriteStream(path);
    out.on('error', reject);
    const chunk: string[] = [];
    for (let i = 0; i < count; i++) {
      // 100 bytes per record: 99 characters of payload plus the newline kcat strips.
      chunk.push(`${String(i).padStart(10, '0')}${'x'.repeat(89)}`);
      if (chunk.length === 10000) {
        out.write(chunk.join('\n') + '\n');
        chunk.length = 0;
      }
    }
    if (chunk.length) out.write(chunk.join('\n') + '\n');
    out.end(resolve);
  });
}

export function timeCommand(cmd: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const p = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.once('error', reject);
    p.once('close', (code) => (code === 0 ? resolve(performance.now() - start) : reject(new Error(`${cmd} exited ${code}: ${err}`))));
  });
}

