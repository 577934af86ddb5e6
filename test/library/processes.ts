import { spawn, type ChildProcess } from 'node:child_process';

/** The environment for a child: without node:test's marker, so a project's own `node --test` runs its tests instead of deferring to ours. */
function childEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.NODE_TEST_CONTEXT;
  return env;
}

export interface Result {
  code: number | null;
  output: string;
}

/** Runs `cmd args` in `cwd` to the end; stdout and stderr together, for assertions and failure messages. */
export function sh(cmd: string, args: string[], o: { cwd: string; input?: string; timeoutMs?: number }): Promise<Result> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { cwd: o.cwd, env: childEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    p.stdout.on('data', (d: Buffer) => (output += d.toString()));
    p.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => {
      p.kill('SIGKILL');
      reject(new Error(`${cmd} ${args.join(' ')} (in ${o.cwd}) took longer than ${o.timeoutMs ?? 60_000} ms:\n${output.slice(-4000)}`));
    }, o.timeoutMs ?? 60_000);
    p.once('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`could not run ${cmd}: ${err.message}`));
    });
    p.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
    p.stdin.end(o.input ?? '');
  });
}

/** Runs it and fails, with its output, unless it exits 0. */
export async function shOk(cmd: string, args: string[], o: { cwd: string; input?: string; timeoutMs?: number }): Promise<string> {
  const r = await sh(cmd, args, o);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} (in ${o.cwd}) exited with ${r.code}:\n${r.output.slice(-6000)}`);
  return r.output;
}

export interface Running {
  proc: ChildProcess;
  output(): string;
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray>;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/**
 * A long-running process (a job, a broker), in a process group of its own: `npm start` and
 * `npx` run the program as their child, and a signal must reach it. Killed if the test process exits first.
 */
export function start(cmd: string, args: string[], cwd: string): Running {
  const proc = spawn(cmd, args, { cwd, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-proc.pid!, signal);
    } catch {
      // The group is gone already.
    }
  };
  const reap = () => signalGroup('SIGKILL');
  process.once('exit', reap);
  proc.once('exit', () => process.off('exit', reap));
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = () => proc.exitCode !== null || proc.signalCode !== null;
  return {
    proc,
    output: () => out,
    async waitFor(pattern, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const m = pattern.exec(out);
        if (m) return m;
        if (exited()) throw new Error(`${cmd} ${args.join(' ')} exited (${proc.exitCode ?? proc.signalCode}) before ${pattern}:\n${out.slice(-4000)}`);
        if (Date.now() > deadline) throw new Error(`no ${pattern} from ${cmd} ${args.join(' ')} within ${timeoutMs} ms:\n${out.slice(-4000)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    stop() {
      if (exited()) return Promise.resolve(proc.exitCode);
      return new Promise((resolve) => {
        proc.once('exit', (code) => resolve(code));
        signalGroup('SIGTERM');
      });
    },
  };
}

/** Polls `read` until `done` holds of its answer; the last answer goes into the failure message. */
export async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await read();
      if (done(last)) return last;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`${what}: not reached within ${timeoutMs} ms; last seen ${JSON.stringify(last)}${lastError ? ` (last error: ${String(lastError)})` : ''}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
