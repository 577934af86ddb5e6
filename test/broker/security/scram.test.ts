import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { silentLogger } from '../../../src/log.js';
import { SaslAuthenticationError } from '../../../src/broker/security/mechanism.js';
import { PlainExchange } from '../../../src/broker/security/plain.js';
import { passwordMatches, scramCredential } from '../../../src/broker/security/scram-credential.js';
import { ScramExchange } from '../../../src/broker/security/scram.js';
import { UserStore } from '../../../src/broker/security/user-store.js';
import { writeUsersFile } from '../../../src/broker/security/users-file.js';
import { ScramClient } from '../../helpers/scram-client.js';

// RFC 7677 §3's example exchange: user "user", password "pencil".
const RFC = {
  salt: Buffer.from('W22ZaJ0SNY7soEsUEjb6gQ==', 'base64'),
  clientFirst: 'n,,n=user,r=rOprNGfwEbeRWgbNEkqO',
  serverNonce: '%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0',
  serverFirst: 'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096',
  clientFinal: 'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=',
  serverFinal: 'v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=',
};

function storeWith(users: Parameters<typeof writeUsersFile>[1]): { store: UserStore; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'streamdash-users-'));
  const file = join(dir, 'users.json');
  writeUsersFile(file, users);
  return { store: new UserStore({ usersFile: file }, silentLogger), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

test("SCRAM-SHA-256 server replays RFC 7677's example byte for byte, from the stored credential alone", async () => {
  const { store, cleanup } = storeWith(new Map([['user', { 'SCRAM-SHA-256': scramCredential('SCRAM-SHA-256', 'pencil', 4096, RFC.salt) }]]));
  try {
    const scram = new ScramExchange('SCRAM-SHA-256', store, () => RFC.serverNonce);
    const first = await scram.step(Buffer.from(RFC.clientFirst));
    assert.equal(first.reply.toString(), RFC.serverFirst);
    assert.equal(first.user, undefined);
    const final = await scram.step(Buffer.from(RFC.clientFinal));
    assert.equal(final.reply.toString(), RFC.serverFinal);
    assert.equal(final.user, 'user');
  } finally {
    cleanup();
  }
});

test('SCRAM refuses a wrong proof, a changed nonce and an unknown user with Kafka’s words', async () => {
  const { store, cleanup } = storeWith(new Map([['user', { 'SCRAM-SHA-256': scramCredential('SCRAM-SHA-256', 'pencil', 4096, RFC.salt) }]]));
  try {
    const badProof = new ScramExchange('SCRAM-SHA-256', store, () => RFC.serverNonce);
    await badProof.step(Buffer.from(RFC.clientFirst));
    await assert.rejects(badProof.step(Buffer.from(RFC.clientFinal.replace(/p=.*/, 'p=' + Buffer.alloc(32, 7).toString('base64')))), {
      name: 'SaslAuthenticationError',
      message: 'Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-256',
    });
    const badNonce = new ScramExchange('SCRAM-SHA-256', store, () => RFC.serverNonce);
    await badNonce.step(Buffer.from(RFC.clientFirst));
    await assert.rejects(badNonce.step(Buffer.from(RFC.clientFinal.replace('$k0,', '$k1,'))), /Invalid client nonce/);
    await assert.rejects(new ScramExchange('SCRAM-SHA-256', store).step(Buffer.from('n,,n=nobody,r=abc')), /invalid credentials/);
    await assert.rejects(new ScramExchange('SCRAM-SHA-512', store).step(Buffer.from(RFC.clientFirst)), /invalid credentials with SASL mechanism SCRAM-SHA-512/, 'no SHA-512 credential for this user');
    await assert.rejects(new ScramExchange('SCRAM-SHA-256', store).step(Buffer.from('p=tls-unique,,n=user,r=abc')), /channel binding is not supported/);
  } finally {
    cleanup();
  }
});

test("the client-final nonce of librdkafka before 2.6.1 (its own nonce, then the full one) is accepted, as Kafka 3.8.1-3.9 do; any other prefix is not", async () => {
  const { store, cleanup } = storeWith(new Map([['rd', { 'SCRAM-SHA-512': scramCredential('SCRAM-SHA-512', 'pw') }]]));
  try {
    const client = new ScramClient('sha512', 'rd', 'pw');
    const server = new ScramExchange('SCRAM-SHA-512', store);
    const final = await server.step(client.final((await server.step(client.first())).reply, (own, full) => own + full));
    assert.equal(final.user, 'rd');
    assert.ok(client.serverProven(final.reply));
    const other = new ScramClient('sha512', 'rd', 'pw');
    const refusing = new ScramExchange('SCRAM-SHA-512', store);
    await assert.rejects(refusing.step(other.final((await refusing.step(other.first())).reply, (_own, full) => `x${full}`)), /Invalid client nonce in the final client message/);
  } finally {
    cleanup();
  }
});

test('PLAIN checks the password against the salted SCRAM credential; the stored record holds no password', async () => {
  const credential = scramCredential('SCRAM-SHA-512', 'sécret-ü');
  assert.ok(await passwordMatches('SCRAM-SHA-512', credential, 'sécret-ü'));
  assert.ok(!(await passwordMatches('SCRAM-SHA-512', credential, 'sécret-u')));
  const { store, cleanup } = storeWith(new Map([['alice', { 'SCRAM-SHA-512': credential }]]));
  try {
    assert.deepEqual(await new PlainExchange(store).step(Buffer.from('\0alice\0sécret-ü')), { reply: Buffer.alloc(0), user: 'alice' });
    assert.deepEqual((await new PlainExchange(store).step(Buffer.from('alice\0alice\0sécret-ü'))).user, 'alice');
    await assert.rejects(new PlainExchange(store).step(Buffer.from('\0alice\0wrong')), new SaslAuthenticationError('Authentication failed: Invalid username or password'));
    await assert.rejects(new PlainExchange(store).step(Buffer.from('bob\0alice\0sécret-ü')), /authorization id that is different/);
    await assert.rejects(new PlainExchange(store).step(Buffer.from('alice sécret-ü')), /expected 3 tokens/);
  } finally {
    cleanup();
  }
});

test('malformed tokens, random or cut from real ones, are refused with SaslAuthenticationError and nothing else', async () => {
  const { store, cleanup } = storeWith(new Map([['user', { 'SCRAM-SHA-256': scramCredential('SCRAM-SHA-256', 'pencil', 4096, RFC.salt) }]]));
  // A seeded generator (xorshift32), so a failure replays.
  let seed = 0x5eed;
  const next = () => ((seed ^= seed << 13), (seed ^= seed >>> 17), (seed ^= seed << 5), (seed >>> 0) / 2 ** 32);
  const mutate = (text: string): Buffer => {
    const b = Buffer.from(text);
    const kind = Math.floor(next() * 3);
    if (kind === 0) return b.subarray(0, Math.floor(next() * b.length));
    if (kind === 1) return Buffer.from(Array.from({ length: Math.floor(next() * 64) }, () => Math.floor(next() * 256)));
    const out = Buffer.from(b);
    for (let i = 0; i < 3; i++) out[Math.floor(next() * out.length)] = Math.floor(next() * 256);
    return out;
  };
  let refused = 0;
  try {
    for (let i = 0; i < 500; i++) {
      const scram = new ScramExchange('SCRAM-SHA-256', store, () => RFC.serverNonce);
      const second = next() < 0.5;
      try {
        if (second) await scram.step(Buffer.from(RFC.clientFirst));
        await scram.step(mutate(second ? RFC.clientFinal : RFC.clientFirst));
        if (second) await scram.step(mutate(RFC.clientFinal));
      } catch (err) {
        assert.ok(err instanceof SaslAuthenticationError, `input ${i}: ${String(err)}`);
        refused++;
      }
      try {
        await new PlainExchange(store).step(mutate('\0user\0pencil'));
      } catch (err) {
        assert.ok(err instanceof SaslAuthenticationError, `PLAIN input ${i}: ${String(err)}`);
      }
    }
  } finally {
    cleanup();
  }
  assert.ok(refused > 400, `${refused} of 500 refused`);
});
