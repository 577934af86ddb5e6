import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, tempDir } from './broker.js';
import { eraClasspath, QUICK_JVM } from './java-peers.js';
import { waitFor } from './wait-for.js';
import { ZkTestClient } from './zk-client.js';

export const ZOOKEEPER_ERA = 'zookeeper-3.9.5';

export interface RealZooKeeper {
  port: number;
  stop(): Promise<void>;
}

/**
 * The port is bound before the server runs, and until then ZooKeeper closes every
 * connection ("ZooKeeperServer not running"): ready means a session handshake is answered.
 */
async function answersHandshake(port: number): Promise<boolean> {
  try {
    await (await ZkTestClient.open(port)).close();
    return true;
  } catch {
    return false;
  }
}

/** A real standalone ZooKeeper 3.9 (ZooKeeperServerMain) on 127.0.0.1, tickTime 2000 as by default. */
export async function startRealZooKeeper(): Promise<RealZooKeeper> {
  const cp = eraClasspath(ZOOKEEPER_ERA);
  const dir = tempDir('streamdash-zk-');
  const port = await freePort();
  const cfg = join(dir, 'zoo.cfg');
  writeFileSync(cfg, [`tickTime=2000`, `dataDir=${join(dir, 'data')}`, `clientPort=${port}`, 'clientPortAddress=127.0.0.1', 'admin.enableServer=false', ''].join('\n'));
  const proc = spawn('java', [...QUICK_JVM, '-Xmx256m', '-cp', cp, 'org.apache.zookeeper.server.ZooKeeperServerMain', cfg], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  proc.stdout.on('data', (d: Buffer) => (output += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  try {
    await waitFor(`ZooKeeper 3.9.5 listening on ${port}`, async () => proc.exitCode === null && (await answersHandshake(port)), { timeoutMs: 30_000 });
  } catch (err) {
    proc.kill('SIGKILL');
    throw new Error(`ZooKeeperServerMain did not start: ${output.slice(-2000)}`, { cause: err });
  }
  return {
    port,
    async stop() {
      proc.kill('SIGKILL');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
