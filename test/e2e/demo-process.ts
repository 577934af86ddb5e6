import { spawnCli, type Child } from '../helpers/child-process.js';

export interface DemoProcess extends Omit<Child, 'stop'> {
  stop(): Promise<{ code: number | null; ms: number }>;
}

/** `streamdash demo` as a child process, as a user runs it; resolved once it says it is running. */
export async function spawnDemo(args: string[], cwd?: string): Promise<DemoProcess> {
  const cli = await spawnCli(['demo', ...args], { ready: /streamdash demo is running/, timeoutMs: 60_000, ...(cwd && { cwd }) });
  return {
    ...cli,
    async stop() {
      const started = Date.now();
      const code = await cli.stop('SIGTERM');
      return { code, ms: Date.now() - started };
    },
  };
}
