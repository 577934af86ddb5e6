import { existsSync } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import { MIN_ITERATIONS, SCRAM_HASHES, scramCredential, type ScramMechanism } from '../broker/security/scram-credential.js';
import { readUsersFile, UsersFileError, writeUsersFile, type Users } from '../broker/security/users-file.js';
import { parseIntOption } from './options.js';

const EXIT_BAD_INPUT = 2;
const SCRAM = Object.keys(SCRAM_HASHES) as ScramMechanism[];

function parseScramMechanisms(value: string): ScramMechanism[] {
  const names = value.split(',').map((m) => m.trim().toUpperCase());
  const unknown = names.filter((m) => !(m in SCRAM_HASHES));
  if (unknown.length > 0) throw new InvalidArgumentError(`--mechanisms: unknown ${unknown.join(', ')}; choose among ${SCRAM.join(', ')}`);
  return names as ScramMechanism[];
}

/** The password: --password when given, else the first line of stdin (so it stays out of the process list and shell history). */
async function passwordFrom(given: string | undefined): Promise<string> {
  if (given !== undefined) return given;
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  const password = text.split(/\r?\n/)[0] ?? '';
  if (password === '') throw new UsersFileError('no password: pass --password or give it on stdin');
  return password;
}

/** Runs one users action; a fault is reported on stderr with exit 2, as other bad input is. */
async function guarded(action: () => Promise<void> | void): Promise<void> {
  try {
    await action();
  } catch (err) {
    if (!(err instanceof UsersFileError)) throw err;
    process.stderr.write(`streamdash users: ${err.message}\n`);
    process.exit(EXIT_BAD_INPUT);
  }
}

const existing = (file: string): Users => (existsSync(file) ? readUsersFile(file) : new Map());

export function registerUsers(program: Command): void {
  const users = program.command('users').description("manage a SASL users file (salted SCRAM credentials; the broker's --sasl-users-file picks changes up without a restart)");
  users
    .command('add')
    .description('add a user, or replace its password')
    .requiredOption('--file <file>', 'the users file (created when missing)')
    .requiredOption('--user <name>', 'the user name')
    .option('--password <password>', 'the password (default: the first line of stdin)')
    .option('--mechanisms <list>', 'the SCRAM mechanisms to store credentials for (PLAIN checks against either)', parseScramMechanisms, SCRAM)
    .option('--iterations <n>', 'PBKDF2 iterations of the credentials', parseIntOption('--iterations', MIN_ITERATIONS), MIN_ITERATIONS)
    .action((o: { file: string; user: string; password?: string; mechanisms: ScramMechanism[]; iterations: number }) =>
      guarded(async () => {
        const all = existing(o.file);
        const password = await passwordFrom(o.password);
        all.set(o.user, Object.fromEntries(o.mechanisms.map((m) => [m, scramCredential(m, password, o.iterations)])));
        writeUsersFile(o.file, all);
        process.stdout.write(`user ${o.user} stored in ${o.file} (${o.mechanisms.join(', ')})\n`);
      }),
    );
  users
    .command('remove')
    .description('remove a user')
    .requiredOption('--file <file>', 'the users file')
    .requiredOption('--user <name>', 'the user name')
    .action((o: { file: string; user: string }) =>
      guarded(() => {
        const all = readUsersFile(o.file);
        if (!all.delete(o.user)) throw new UsersFileError(`no user ${o.user} in ${o.file}; 'streamdash users list --file ${o.file}' shows who is there`);
        writeUsersFile(o.file, all);
        process.stdout.write(`user ${o.user} removed from ${o.file}\n`);
      }),
    );
  users
    .command('list')
    .description('list the users and the mechanisms each may use')
    .requiredOption('--file <file>', 'the users file')
    .action((o: { file: string }) =>
      guarded(() => {
        for (const [name, credentials] of readUsersFile(o.file)) process.stdout.write(`${name}\t${Object.keys(credentials).join(',')}\n`);
      }),
    );
}
