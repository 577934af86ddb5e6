import { spawn, type ChildProcess } from 'node:child_process';
import { CLI } from '../helpers/broker.js';

export interface DemoProcess {
  proc: ChildProcess;
  output(): string;
  /** Resolves when the output matches `pattern`, or rejects after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<void>;
  stop(): Promise<{ code: number | null; ms: number }>;
}

/** `streamdash demo` as a child process, as a user runs it. */
export async function spawnDemo(args: string[], cwd?: string): Promise<DemoProcess> {
  const proc = spawn(process.execPath, [CLI, '--log-level', 'info', 'demo', ...args], { stdio: ['ignore', 'pipe', 'pipe'], ...(cwd && { cwd }) });
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
        } else if (proc.exitCode !== null) {
          done();
          reject(new Error(`demo exited with ${proc.exitCode} before ${pattern}:\n${out.slice(-4000)}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no ${pattern} within ${timeoutMs} ms:\n${out.slice(-4000)}`));
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
  const demo: DemoProcess = {
    proc,
    output: () => out,
    waitFor,
    stop() {
      const started = Date.now();
      return new Promise((resolve) => {
        if (proc.exitCode !== null) return resolve({ code: proc.exitCode, ms: 0 });
        proc.once('exit', (code) => resolve({ code, ms: Date.now() - started }));
        proc.kill('SIGTERM');
      });
    },
  };
  await waitFor(/streamdash demo is running/, 60_000);
  return demo;
}
