import { spawnCli, type Child } from '../helpers/child-process.js';

/** `streamdash agent --conf-file FILE --name NAME` as a child process, resolved once the agent says it started. */
export function spawnAgent(confFile: string, name: string, o: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<Child> {
  const started = new RegExp(`"msg":"agent ${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} started"`);
  return spawnCli(['agent', '--conf-file', confFile, '--name', name], { ready: started, timeoutMs: o.timeoutMs ?? 15_000, ...(o.env && { env: o.env }) });
}
