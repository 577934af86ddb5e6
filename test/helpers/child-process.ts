import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const REPO_ROOT = new URL('../../..', import.meta.url).pathname.replace(/\/$/, '');
export const CLI = join(REPO_ROOT, 'dist/src/cli/main.js');

/** One JSON line of a pino log. */
export interface LogRecord {
  msg?: string;
  [field: string]: unknown;
}

export interface ChildOptions {
  cwd?: string;
  /** Added to this process's environment. */
  env?: NodeJS.ProcessEnv;
}

/** A node process the test started, reaped when the test process exits. */
export interface Child {
  readonly proc: ChildProcess;
  readonly pid: number;
  /** Everything it wrote so far, stdout and stderr as they came, for assertions and failure messages. */
  output(): string;
  /** Its complete stdout lines so far. */
  lines(): string[];
  /** The JSON log lines among them, in order. */
  logs(): LogRecord[];
  /** Resolves once the output matches `pattern`; rejects, with the output, if the process ends first or time runs out. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Resolves with the first log line (from index `from`, default 0) that `match` accepts; rejects like waitFor. */
  waitForLog(match: (r: LogRecord) => boolean, o?: { timeoutMs?: number; from?: number; what?: string }): Promise<LogRecord>;
  /** Settles when the process has ended. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends `signal` (default SIGTERM) unless it has ended; resolves with the exit code (null when a signal ended it). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** `node script ARGS` as a child process whose output the test reads. */
export function spawnNode(script: string, args: readonly string[], o: ChildOptions = {}): Child {
  const proc = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'], cwd: o.cwd, env: { ...process.env, ...o.env } });
  const name = `${script.split('/').pop()} ${args.join(' ')}`.slice(0, 120);
  // A test process that dies must not leave its children running.
  const reap = () => proc.kill('SIGKILL');
  process.once('exit', reap);
  let finished = false;
  // Ended once its output is all read ('close'), or a second after 'exit' if a grandchild holds the pipes.
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    const end = () => {
      finished = true;
      process.off('exit', reap);
      resolve({ code: proc.exitCode, signal: proc.signalCode });
    };
    proc.once('close', end);
    proc.once('exit', () => setTimeout(end, 1000).unref());
  });
  let out = '';
  let partial = '';
  const lines: string[] = [];
  const logs: LogRecord[] = [];
  const listeners = new Set<() => void>();
  const changed = () => {
    for (const l of listeners) l();
  };
  proc.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    const parts = (partial + d.toString()).split('\n');
    partial = parts.pop()!;
    for (const line of parts) {
      lines.push(line);
      if (line.startsWith('{')) logs.push(parseLog(line));
    }
    changed();
  });
  proc.stderr!.on('data', (d: Buffer) => {
    out += d.toString();
    changed();
  });
  void exited.then(changed);

  /** Resolves with what `find` returns once it returns something; rejects when the process ends first or after `timeoutMs`. */
  const until = <T>(what: string, find: () => T | undefined, timeoutMs: number) =>
    new Promise<T>((resolve, reject) => {
      const check = () => {
        const found = find();
        if (found !== undefined) {
          done();
          resolve(found);
        } else if (finished) {
          done();
          reject(new Error(`${name} exited (${proc.exitCode ?? proc.signalCode}) before ${what}:\n${out.slice(-4000)}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no ${what} from ${name} within ${timeoutMs} ms:\n${out.slice(-4000)}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        listeners.delete(check);
      };
      listeners.add(check);
      check();
    });

  return {
    proc,
    pid: proc.pid!,
    output: () => out,
    lines: () => lines,
    logs: () => logs,
    waitFor: (pattern, timeoutMs = 30_000) => until(String(pattern), () => (pattern.test(out) ? true : undefined), timeoutMs).then(() => undefined),
    waitForLog: (match, w = {}) => until(w.what ?? 'the awaited log line', () => logs.slice(w.from ?? 0).find(match), w.timeoutMs ?? 60_000),
    exited,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      return (await exited).code;
    },
  };
}

/** A log line, or the line itself as `msg` when it is not JSON after all. */
function parseLog(line: string): LogRecord {
  try {
    return JSON.parse(line) as LogRecord;
  } catch {
    return { msg: line };
  }
}

export interface CliOptions extends ChildOptions {
  /** Resolve only once the output matches this (the process is killed if it never does). */
  ready?: RegExp;
  timeoutMs?: number;
  /** --log-level; info by default, so the tests can read the JSON log lines. */
  logLevel?: string;
}

/** `streamdash ARGS` as a child process, as a user runs it; resolved once its output matches `ready`, if given. */
export async function spawnCli(args: readonly string[], o: CliOptions = {}): Promise<Child> {
  const cli = spawnNode(CLI, ['--log-level', o.logLevel ?? 'info', ...args], o);
  if (o.ready) {
    try {
      await cli.waitFor(o.ready, o.timeoutMs ?? 20_000);
    } catch (err) {
      await cli.stop('SIGKILL');
      throw err;
    }
  }
  return cli;
}
