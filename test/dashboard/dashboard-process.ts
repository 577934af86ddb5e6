import { spawnCli, type Child } from '../helpers/child-process.js';

export interface DashboardProcess extends Child {
  url: string;
}

/** `streamdash dashboard` as a child process, so a test can restart it or measure its memory alone. */
export async function spawnDashboard(args: string[]): Promise<DashboardProcess> {
  const listening = /streamdash dashboard: (http:\/\/\S+?)\/taobao/;
  const cli = await spawnCli(['dashboard', ...args], { logLevel: 'warn', ready: listening, timeoutMs: 30_000 });
  return Object.assign(cli, { url: listening.exec(cli.output())![1]! });
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
