import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBroker, type Broker, type BrokerOptions } from '../../src/broker/index.js';
import { spawnCli, type Child } from './child-process.js';

export { CLI, REPO_ROOT } from './child-process.js';

export function tempDir(prefix = 'streamdash-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

/** An in-process broker on a free port and a temp folder, removed by `stop()`. */
export async function inProcessBroker(opts: Partial<BrokerOptions> = {}): Promise<Broker & { stop(): Promise<void> }> {
  const dataDir = opts.dataDir ?? tempDir();
  const broker = await startBroker({ port: 0, ...opts, dataDir });
  return Object.assign(broker, {
    async stop() {
      await broker.close();
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  });
}

export interface BrokerProcess extends Child {
  port: number;
  bootstrap: string;
}

/** `streamdash broker` as a child process, so tests can kill -9 it. */
export async function spawnBroker(dataDir: string, port: number, extraArgs: string[] = []): Promise<BrokerProcess> {
  const cli = await spawnCli(['broker', '--port', String(port), '--data-dir', dataDir, ...extraArgs], { ready: /broker listening/ });
  return Object.assign(cli, { port, bootstrap: `127.0.0.1:${port}` });
}
