import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const REPO_ROOT = new URL('../../..', import.meta.url).pathname.replace(/\/$/, '');
export const CLI = join(REPO_ROOT, 'dist/src/cli/main.js');

export interface CliProcess {
  proc: ChildProcess;
  /** Everything the process wrote, stdout and stderr, for assertions and failure messages. */
  output(): string;
  /** Resolves when the output matches `pattern`; rejects if the process exits first or time runs out. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<void>;
  /** Sends `signal` (default SIGTERM) and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** `streamdash ARGS` as a child process, resolved once its output matches `ready`. */
export async function spawnCli(args: string[], ready: RegExp, o: { timeoutMs?: number; cwd?: string } = {}): Promise<CliProcess> {
  const proc = spawn(process.execPath, [CLI, '--log-level', 'info', ...args], { stdio: ['ignore', 'pipe', 'pipe'], ...(o.cwd && { cwd: o.cwd }) });
  // A test process that dies must not leave its children running.
  const reap = () => proc.kill('SIGKILL');
  process.once('exit', reap);
  proc.once('exit', () => process.off('exit', reap));
  let out = '';
  const listeners = new Set<() => void>();
  const onData = (d: Buffer) => {
    out += d.toString();
    for (const l of listeners) l();
  };
  proc.stdout!.on('data', onData);
  proc.stderr!.on('data', onData);
  const waitFor = (pattern: RegExp, timeoutMs: number) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (pattern.test(out)) {
          done();
          resolve();
        } else if (proc.exitCode !== null || proc.signalCode !== null) {
          done();
          reject(new Error(`streamdash ${args[0]} exited (${proc.exitCode ?? proc.signalCode}) before ${pattern}:\n${out.slice(-4000)}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no ${pattern} from streamdash ${args[0]} within ${timeoutMs} ms:\n${out.slice(-4000)}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        listeners.delete(check);
        proc.off('exit', check);
      };
      listeners.add(check);
      proc.on('exit', check);
      check();
    });
  const cli: CliProcess = {
    proc,
    output: () => out,
    waitFor,
    stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve(proc.exitCode);
      return new Promise((resolve) => {
        proc.once('exit', (code) => resolve(code));
        proc.kill(signal);
      });
    },
  };
  try {
    await waitFor(ready, o.timeoutMs ?? 20_000);
  } catch (err) {
    proc.kill('SIGKILL');
    throw err;
  }
  return cli;
}
