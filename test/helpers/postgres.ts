/**
 * A throwaway PostgreSQL cluster for tests and benchmarks: Debian's server
 * binaries, initdb'd into a temp folder, listening on 127.0.0.1 on a free
 * port, removed again by stop(). PostgreSQL refuses to run as root, so when
 * the tests run as root the server runs as an unprivileged account through
 * setpriv or runuser.
 *
 *   const reason = postgresUnavailableReason();   // a benchmark says why and leaves it out; a test just starts one and fails
 *   const pg = await startThrowawayPostgres();
 *   const url = await pg.createDatabase();        // an empty database per test
 *   await pg.stop();
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { accessSync, chownSync, constants, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import pg from 'pg';

export class PostgresUnavailableError extends Error {
  override name = 'PostgresUnavailableError';
}

export interface ThrowawayPostgres {
  /** URL of the cluster's `postgres` database, as superuser `postgres` (trust auth, no password). */
  readonly url: string;
  readonly port: number;
  readonly dir: string;
  /** Creates an empty database and returns its URL. */
  createDatabase(name?: string): Promise<string>;
  /** Stops the server and deletes its folder. */
  stop(): Promise<void>;
}

interface Runner {
  /** Prefix that runs a command as the server's account; empty when we are not root. */
  prefix: string[];
  uid: number;
  gid: number;
  account: string;
}

/** Why no cluster can start here, or undefined when it can. Cheap and synchronous, for test skip options. */
export function postgresUnavailableReason(): string | undefined {
  try {
    binDir();
    runner();
    return undefined;
  } catch (err) {
    if (err instanceof PostgresUnavailableError) return err.message;
    throw err;
  }
}

export interface ThrowawayOptions {
  /**
   * Keep PostgreSQL's crash-safe defaults (fsync, full-page writes,
   * synchronous commit), for figures meant to stand for a real server.
   * Tests leave it off: nothing outlives them, and fsync is slow.
   */
  durable?: boolean;
}

export async function startThrowawayPostgres(opts: ThrowawayOptions = {}): Promise<ThrowawayPostgres> {
  const bin = binDir();
  const as = runner();
  const dir = mkdtempSync(join(tmpdir(), 'streamdash-pg-'));
  chownSync(dir, as.uid, as.gid);
  const data = join(dir, 'data');
  const run = (tool: string, args: string[]) => {
    const [command, ...rest] = [...as.prefix, join(bin, tool), ...args];
    return spawnSync(command!, rest, { encoding: 'utf8' });
  };

  const init = run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync']);
  if (init.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new PostgresUnavailableError(`initdb failed as ${as.account} in ${dir}: ${init.stderr || init.error?.message}`);
  }

  let port = 0;
  let lastLog = '';
  // The free port can be taken between finding it and binding it, so a few tries.
  for (let attempt = 0; attempt < 3 && port === 0; attempt++) {
    const candidate = await freePort();
    const options = [
      `-p ${candidate}`,
      `-k ${dir}`,
      '-c listen_addresses=127.0.0.1',
      ...(opts.durable ? [] : ['-c fsync=off', '-c full_page_writes=off', '-c synchronous_commit=off']),
      '-c shared_buffers=16MB',
      '-c max_connections=40',
      // /dev/shm is tiny in many containers.
      '-c dynamic_shared_memory_type=mmap',
      // A client killed mid-transaction is noticed within this, even while its backend waits.
      '-c client_connection_check_interval=100ms',
    ].join(' ');
    const start = run('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '30', '-o', options, 'start']);
    if (start.status === 0) port = candidate;
    else lastLog = readLog(dir) || start.stderr;
  }
  if (port === 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`the throwaway PostgreSQL did not start: ${lastLog}`);
  }

  let stopped = false;
  const stopNow = (): void => {
    if (stopped) return;
    stopped = true;
    process.removeListener('exit', stopNow);
    run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    rmSync(dir, { recursive: true, force: true });
  };
  // A test process that dies before stop() must not leave a server running.
  process.on('exit', stopNow);

  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    url,
    port,
    dir,
    async createDatabase(name = `t_${randomUUID().replaceAll('-', '')}`) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name}"`);
      } finally {
        await client.end();
      }
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      stopNow();
    },
  };
}

/** STREAMDASH_PG_BIN, else the newest /usr/lib/postgresql/<version>/bin with initdb and pg_ctl. */
function binDir(): string {
  const candidates = process.env.STREAMDASH_PG_BIN
    ? [process.env.STREAMDASH_PG_BIN]
    : (existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql') : [])
        .sort((a, b) => Number(b) - Number(a))
        .map((v) => join('/usr/lib/postgresql', v, 'bin'));
  const found = candidates.find((d) => isExecutable(join(d, 'initdb')) && isExecutable(join(d, 'pg_ctl')));
  if (!found) {
    const where = process.env.STREAMDASH_PG_BIN ? `in STREAMDASH_PG_BIN=${process.env.STREAMDASH_PG_BIN}` : 'under /usr/lib/postgresql/<version>/bin';
    throw new PostgresUnavailableError(
      `no PostgreSQL server binaries (initdb, pg_ctl) ${where}: ` +
        "install Debian's postgresql package (apt-get install postgresql, or scripts/install-test-deps.sh as root), " +
        'or set STREAMDASH_PG_BIN to the folder holding them',
    );
  }
  return found;
}

/** Root must hand the server to an unprivileged account; anyone else runs it directly. */
function runner(): Runner {
  const uid = process.getuid?.() ?? -1;
  if (uid !== 0) return { prefix: [], uid, gid: process.getgid?.() ?? -1, account: 'the current user' };

  const names = [process.env.STREAMDASH_PG_USER, 'postgres', 'nobody'].filter((n): n is string => !!n);
  const account = names.map(lookupAccount).find((a) => a !== undefined);
  if (!account) {
    throw new PostgresUnavailableError(
      `running as root, and PostgreSQL refuses to run as root, but none of the accounts ${names.join(', ')} exists: ` +
        'create one (useradd -r postgres) or set STREAMDASH_PG_USER to an unprivileged account',
    );
  }
  const setpriv = which('setpriv');
  if (setpriv) {
    return { prefix: [setpriv, `--reuid=${account.uid}`, `--regid=${account.gid}`, '--clear-groups', '--'], ...account };
  }
  const runuser = which('runuser');
  if (runuser) return { prefix: [runuser, '-u', account.account, '--'], ...account };
  throw new PostgresUnavailableError(
    `running as root, and PostgreSQL refuses to run as root, but neither setpriv nor runuser is installed to switch to ${account.account}: ` +
      'install util-linux (apt-get install util-linux), or run the tests as an unprivileged user',
  );
}

function lookupAccount(name: string): { account: string; uid: number; gid: number } | undefined {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${name}:`));
  const fields = line?.split(':');
  if (!fields || fields.length < 4) return undefined;
  return { account: name, uid: Number(fields[2]), gid: Number(fields[3]) };
}

function which(cmd: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/bin', '/sbin', '/bin'];
  return dirs.map((d) => join(d, cmd)).find(isExecutable);
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function readLog(dir: string): string {
  try {
    return readFileSync(join(dir, 'server.log'), 'utf8').split('\n').slice(-15).join('\n');
  } catch {
    return '';
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
