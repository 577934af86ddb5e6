import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBroker, type Broker, type BrokerOptions } from '../../src/broker/index.js';

export const REPO_ROOT = new URL('../../..', import.meta.url).pathname.replace(/\/$/, '');
export const CLI = join(REPO_ROOT, 'dist/src/cli/main.js');

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

export interface BrokerProcess {
  proc: ChildProcess;
  port: number;
  bootstrap: string;
  /** Everything the process wrote, for failure messages. */
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** `streamdash broker` as a child process, so tests can kill -9 it. */
export async function spawnBroker(dataDir: string, port: number, extraArgs: string[] = []): Promise<BrokerProcess> {
  const proc = spawn(process.execPath, [CLI, '--log-level', 'info', 'broker', '--port', String(port), '--data-dir', dataDir, ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const listening = new Promise<void>((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.includes('broker listening')) resolve();
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    proc.once('exit', (code) => reject(new Error(`broker exited with ${code} before listening:\n${out}`)));
  });
  // A test process that dies must not leave its broker running.
  const reap = () => proc.kill('SIGKILL');
  process.once('exit', reap);
  proc.once('exit', () => process.off('exit', reap));
  const timeout = setTimeout(() => proc.kill('SIGKILL'), 20000);
  await listening.finally(() => clearTimeout(timeout));
  return {
    proc,
    port,
    bootstrap: `127.0.0.1:${port}`,
    output: () => out,
    stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve(proc.exitCode);
      return new Promise((resolve) => {
        proc.once('exit', (code) => resolve(code));
        proc.kill(signal);
      });
    },
  };
}
