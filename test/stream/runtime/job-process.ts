import { spawn, type ChildProcess } from 'node:child_process';
import { CLI } from '../../helpers/broker.js';

export interface LogLine {
  msg?: string;
  tasks?: string[];
  started?: string[];
  restoredRecords?: number;
  [field: string]: unknown;
}

export interface JobProcess {
  readonly proc: ChildProcess;
  /** Every JSON log line so far, in order. */
  readonly logs: LogLine[];
  /** Everything the process wrote, for failure messages. */
  output(): string;
  /** The tasks of its latest assignment. */
  tasks(): string[];
  /** Resolves with the first log line that `match` accepts, among those from index `from` (default: all, past or future). */
  waitForLog(match: (line: LogLine) => boolean, timeoutMs?: number, from?: number): Promise<LogLine>;
  kill(signal: NodeJS.Signals): Promise<number | null>;
}

/** `streamdash run <args>` as a child process, as an operator would start it, so a test can kill -9 it. */
export function spawnJob(args: string[]): JobProcess {
  const proc = spawn(process.execPath, [CLI, '--log-level', 'info', 'run', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let partial = '';
  const logs: LogLine[] = [];
  const listeners = new Set<() => void>();
  proc.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    const lines = (partial + d.toString()).split('\n');
    partial = lines.pop()!;
    for (const line of lines) {
      if (!line.startsWith('{')) continue;
      logs.push(JSON.parse(line) as LogLine);
    }
    for (const listener of listeners) listener();
  });
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return {
    proc,
    logs,
    output: () => out,
    tasks: () => [...logs].reverse().find((l) => l.msg === 'tasks assigned')?.tasks ?? [],
    waitForLog(match, timeoutMs = 60_000, from = 0) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = logs.slice(from).find(match);
          if (found === undefined) return;
          cleanup();
          resolve(found);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`no matching log line within ${timeoutMs} ms; the job wrote:\n${out}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      });
    },
    kill(signal) {
      if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve(proc.exitCode);
      proc.kill(signal);
      return exited;
    },
  };
}
