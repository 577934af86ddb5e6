import { spawn, type ChildProcess } from 'node:child_process';

export interface Child {
  process: ChildProcess;
  pid: number;
  /** Resolves when the child prints a line equal to `line`. */
  waitForLine(line: string, timeoutMs?: number): Promise<void>;
  /** Resolves with the exit code (or signal) and every line printed. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; lines: string[]; stderr: string }>;
}

/** Runs a compiled script next to this file with node, collecting its output line by line. */
export function runScript(script: string, args: readonly string[]): Child {
  const child = spawn(process.execPath, [new URL(script, import.meta.url).pathname, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let stderr = '';
  let partial = '';
  const waiters: { line: string; resolve: () => void }[] = [];
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop()!;
    for (const line of parts) {
      lines.push(line);
      for (const w of waiters.filter((w) => w.line === line)) w.resolve();
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; lines: string[]; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, lines, stderr })),
  );
  return {
    process: child,
    pid: child.pid!,
    exited,
    waitForLine(line, timeoutMs = 30_000) {
      if (lines.includes(line)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${script} did not print "${line}" within ${timeoutMs} ms; stderr: ${stderr}`)), timeoutMs);
        waiters.push({ line, resolve: () => (clearTimeout(timer), resolve()) });
        void exited.then(({ code, signal }) => {
          clearTimeout(timer);
          reject(new Error(`${script} exited (${code ?? signal}) before printing "${line}"; stderr: ${stderr}`));
        });
      });
    },
  };
}
