import { spawn, type ChildProcess } from 'node:child_process';
import { CLI } from '../helpers/broker.js';

/** `streamdash agent …` as a child process whose JSON log lines the test reads. */
export interface AgentProcess {
  proc: ChildProcess;
  /** Every JSON log line so far. */
  records(): Array<Record<string, unknown>>;
  output(): string;
  waitForLog(what: string, match: (r: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<void>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export function spawnAgent(confFile: string, name: string, env: NodeJS.ProcessEnv = {}, extraArgs: string[] = []): AgentProcess {
  const proc = spawn(process.execPath, [CLI, 'agent', '--conf-file', confFile, '--name', name, ...extraArgs], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let out = '';
  const parsed: Array<Record<string, unknown>> = [];
  let partial = '';
  proc.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    const lines = (partial + d.toString()).split('\n');
    partial = lines.pop()!;
    for (const l of lines) {
      try {
        parsed.push(JSON.parse(l) as Record<string, unknown>);
      } catch {
        // Not a log line; kept in output() for failure messages.
      }
    }
  });
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return {
    proc,
    records: () => parsed,
    output: () => out,
    async waitForLog(what, match, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (!parsed.some(match)) {
        if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`agent ${name} exited (${proc.exitCode ?? proc.signalCode}) before ${what}:\n${out}`);
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} from agent ${name}:\n${out.slice(-4000)}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      return exited;
    },
  };
}

export const started = (name: string) => (r: Record<string, unknown>) => r.msg === `agent ${name} started`;
