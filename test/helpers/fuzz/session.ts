import { rmSync } from 'node:fs';
import { connect } from 'node:net';
import { ApiVersions } from '../../../src/protocol/apis.js';
import { ErrorCode } from '../../../src/protocol/error-codes.js';
import { freePort, tempDir } from '../broker.js';
import { spawnCli } from '../child-process.js';
import { RawClient } from '../raw-client.js';
import { runFuzz, type FuzzOptions, type FuzzStats } from './harness.js';
import { targetsOf } from './inputs.js';
import { SteadyPair } from './steady-pair.js';

export interface SessionOptions extends Pick<FuzzOptions, 'seed' | 'first' | 'count' | 'connections' | 'window' | 'hangMs' | 'progress'> {
  /** Extra `streamdash broker` arguments. */
  brokerArgs?: string[];
}

export interface SessionResult extends FuzzStats {
  targets: number;
  steady: { acked: number; read: number; missing: string[]; failedSends: number };
  /** Whether the broker still answered ApiVersions after the run. */
  answersAtEnd: boolean;
  /** Error lines the broker logged: a handler that threw, a response that broke its schema. */
  brokerErrors: string[];
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1', () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`the broker did not listen on ${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * One fuzz run against `streamdash broker` in its own process (so a crash is
 * an exit we see, not the end of our own process), with the steady pair beside it.
 */
export async function fuzzSession(o: SessionOptions): Promise<SessionResult> {
  const dir = tempDir('streamdash-fuzz-');
  const port = await freePort();
  // Errors only: tens of thousands of "closing connection after bad input" warnings are the expected case.
  const broker = await spawnCli(['broker', '--port', String(port), '--data-dir', dir, ...(o.brokerArgs ?? [])], { logLevel: 'error' });
  const crashed = broker.exited.then(({ code, signal }) => `the broker exited (code ${code}, signal ${signal}): ${broker.output().slice(-2000)}`);
  try {
    await waitForPort(port, 20_000);
    const probe = await RawClient.connect(port);
    const versions = await probe.request(ApiVersions, 3, { clientSoftwareName: 'fuzz', clientSoftwareVersion: '1' });
    probe.close();
    const targets = targetsOf(versions.apiKeys);
    const steady = new SteadyPair(`127.0.0.1:${port}`, 'steady');
    await steady.start();
    const stats = await runFuzz({ ...o, port, targets, crashed });
    let answersAtEnd = false;
    if (!stats.crash) {
      const after = await RawClient.connect(port);
      const res = await after.request(ApiVersions, 3, { clientSoftwareName: 'fuzz', clientSoftwareVersion: '1' });
      answersAtEnd = res.errorCode === ErrorCode.NONE && res.apiKeys.length === versions.apiKeys.length;
      after.close();
    }
    const missing = await steady.finish(stats.crash ? 0 : 30_000);
    const brokerErrors = broker
      .logs()
      .filter((l) => typeof l.level === 'number' && l.level >= 50)
      .map((l) => JSON.stringify(l).slice(0, 600));
    return {
      ...stats,
      targets: targets.length,
      steady: { acked: steady.acked.size, read: steady.read.size, missing, failedSends: steady.failedSends },
      answersAtEnd,
      brokerErrors,
    };
  } finally {
    await broker.stop('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}
