import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { MIN_ITERATIONS, SCRAM_HASHES, type ScramCredential, type ScramMechanism } from './scram-credential.js';

/** A user's credentials, one per SCRAM mechanism it may use (PLAIN checks against any of them). */
export type UserCredentials = Partial<Record<ScramMechanism, ScramCredential>>;
export type Users = Map<string, UserCredentials>;

/** A users file that cannot be used; the message names the file and what to fix. */
export class UsersFileError extends Error {
  override readonly name = 'UsersFileError';
}

/*
 * The file is JSON: {"users": {"alice": {"SCRAM-SHA-256": {"salt", "iterations", "storedKey",
 * "serverKey"}, "SCRAM-SHA-512": {…}}}}, the byte strings in base64. It holds no password, only
 * what Kafka's own SCRAM store (kafka-configs --add-config SCRAM-SHA-256=[…]) keeps.
 */

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function base64Field(file: string, where: string, v: unknown): Buffer {
  if (typeof v !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(v)) throw new UsersFileError(`${file}: ${where} must be a base64 string`);
  return Buffer.from(v, 'base64');
}

function parseCredential(file: string, where: string, v: unknown): ScramCredential {
  if (!isObject(v)) throw new UsersFileError(`${file}: ${where} must be an object with salt, iterations, storedKey and serverKey`);
  const { iterations } = v;
  if (typeof iterations !== 'number' || !Number.isInteger(iterations) || iterations < MIN_ITERATIONS) {
    throw new UsersFileError(`${file}: ${where}.iterations must be an integer of at least ${MIN_ITERATIONS}`);
  }
  return {
    salt: base64Field(file, `${where}.salt`, v.salt),
    iterations,
    storedKey: base64Field(file, `${where}.storedKey`, v.storedKey),
    serverKey: base64Field(file, `${where}.serverKey`, v.serverKey),
  };
}

/** Reads and checks a users file; a missing or malformed one is a UsersFileError. */
export function readUsersFile(file: string): Users {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsersFileError(`cannot read the users file ${file} (${(err as Error).message}); create it with 'streamdash users add --file ${file} --user NAME'`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new UsersFileError(`${file} is not JSON (${(err as Error).message})`);
  }
  if (!isObject(parsed) || !isObject(parsed.users)) throw new UsersFileError(`${file}: expected {"users": {NAME: {MECHANISM: credential}}}`);
  const users: Users = new Map();
  for (const [name, entry] of Object.entries(parsed.users)) {
    if (!isObject(entry)) throw new UsersFileError(`${file}: user "${name}" must be an object of SCRAM credentials`);
    const credentials: UserCredentials = {};
    for (const [mechanism, credential] of Object.entries(entry)) {
      if (!(mechanism in SCRAM_HASHES)) throw new UsersFileError(`${file}: user "${name}" has unknown mechanism "${mechanism}"; use ${Object.keys(SCRAM_HASHES).join(' or ')}`);
      credentials[mechanism as ScramMechanism] = parseCredential(file, `users.${name}.${mechanism}`, credential);
    }
    users.set(name, credentials);
  }
  return users;
}

/** Writes the users file whole, readable by its owner only, through a rename so a reader never sees half of it. */
export function writeUsersFile(file: string, users: Users): void {
  const out: Record<string, Record<string, Record<string, string | number>>> = {};
  for (const [name, credentials] of [...users].sort(([a], [b]) => a.localeCompare(b))) {
    out[name] = {};
    for (const [mechanism, c] of Object.entries(credentials)) {
      out[name][mechanism] = { salt: c.salt.toString('base64'), iterations: c.iterations, storedKey: c.storedKey.toString('base64'), serverKey: c.serverKey.toString('base64') };
    }
  }
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, `${JSON.stringify({ users: out }, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
}
