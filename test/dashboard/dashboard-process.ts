import { spawn, type ChildProcess } from 'node:child_process';
import { CLI } from '../helpers/broker.js';

export interface DashboardProcess {
  proc: ChildProcess;
  url: string;
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** `streamdash dashboard` as a child process, so a test can restart it or measure its memory alone. */
export async function spawnDashboard(args: string[]): Promise<DashboardProcess> {
  const proc = spawn(process.execPath, [CLI, '--log-level', 'warn', 'dashboard', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /streamdash dashboard: (http:\/\/\S+?)\/taobao/.exec(out);
      if (m) resolve(m[1]!);
    });
    proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    proc.once('exit', (code) => reject(new Error(`dashboard exited with ${code} before listening:\n${out}`)));
  });
  return {
    proc,
    url,
    output: () => out,
    stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
      return new Promise((resolve) => {
        proc.once('exit', () => resolve());
        proc.kill(signal);
      });
    },
  };
}

/** One sample of /metrics, by metric name and labels as written. */
export async function scrape(url: string): Promise<Map<string, number>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const i = line.lastIndexOf(' ');
    samples.set(line.slice(0, i), Number(line.slice(i + 1)));
  }
  return samples;
}
