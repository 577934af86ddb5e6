import { createHash, createHmac, pbkdf2, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const pbkdf2Async = promisify(pbkdf2);

/** The SCRAM mechanisms served, with the hash each one names (RFC 5802, RFC 7677). */
export const SCRAM_HASHES = { 'SCRAM-SHA-256': 'sha256', 'SCRAM-SHA-512': 'sha512' } as const;
export type ScramMechanism = keyof typeof SCRAM_HASHES;

/** Kafka refuses fewer (ScramMechanism.minIterations); RFC 7677 asks for at least 4096 too. */
export const MIN_ITERATIONS = 4096;

/**
 * What a server keeps of a password for SCRAM (RFC 5802 §3): the salt, the iteration count and two
 * keys derived from the salted password. Neither key gives the password, and StoredKey alone does
 * not let anyone log in; the same record also checks PLAIN passwords (see `passwordMatches`).
 */
export interface ScramCredential {
  salt: Buffer;
  iterations: number;
  storedKey: Buffer;
  serverKey: Buffer;
}

export const hmac = (mechanism: ScramMechanism, key: Buffer, text: string | Buffer): Buffer => createHmac(SCRAM_HASHES[mechanism], key).update(text).digest();
export const digest = (mechanism: ScramMechanism, data: Buffer): Buffer => createHash(SCRAM_HASHES[mechanism]).update(data).digest();

function keyLength(mechanism: ScramMechanism): number {
  return mechanism === 'SCRAM-SHA-256' ? 32 : 64;
}

/**
 * Hi(password, salt, i) of RFC 5802 is PBKDF2 with HMAC and the hash's own output length. The password
 * is taken as its UTF-8 bytes without SASLprep, as Kafka's ScramFormatter and its clients do, so a
 * credential made here matches theirs.
 */
function saltedPassword(mechanism: ScramMechanism, password: string, salt: Buffer, iterations: number): Buffer {
  return pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, keyLength(mechanism), SCRAM_HASHES[mechanism]);
}

export function clientKeyOf(mechanism: ScramMechanism, salted: Buffer): Buffer {
  return hmac(mechanism, salted, 'Client Key');
}

/** A new credential for `password`, with a fresh random salt. */
export function scramCredential(mechanism: ScramMechanism, password: string, iterations = MIN_ITERATIONS, salt: Buffer = randomBytes(24)): ScramCredential {
  if (!Number.isInteger(iterations) || iterations < MIN_ITERATIONS) throw new RangeError(`SCRAM iterations must be an integer of at least ${MIN_ITERATIONS}, got ${iterations}`);
  const salted = saltedPassword(mechanism, password, salt, iterations);
  return { salt, iterations, storedKey: digest(mechanism, clientKeyOf(mechanism, salted)), serverKey: hmac(mechanism, salted, 'Server Key') };
}

/** Whether `password` is the one `credential` was made from (for PLAIN, which sends the password itself); hashed on libuv's thread pool. */
export async function passwordMatches(mechanism: ScramMechanism, credential: ScramCredential, password: string): Promise<boolean> {
  const salted = await pbkdf2Async(Buffer.from(password, 'utf8'), credential.salt, credential.iterations, keyLength(mechanism), SCRAM_HASHES[mechanism]);
  return timingSafeEqual(digest(mechanism, clientKeyOf(mechanism, salted)), credential.storedKey);
}
