import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ApiVersions, Metadata, SaslAuthenticate, SaslHandshake } from '../../../src/protocol/apis.js';
import { ErrorCode } from '../../../src/protocol/error-codes.js';
import { scramCredential } from '../../../src/broker/security/scram-credential.js';
import { readUsersFile, writeUsersFile } from '../../../src/broker/security/users-file.js';
import { inProcessBroker, tempDir } from '../../helpers/broker.js';
import { RawClient } from '../../helpers/raw-client.js';
import { ScramClient } from '../../helpers/scram-client.js';

// The SASL flows on the wire, request by request, as Kafka's SaslServerAuthenticator runs them.
const usersDir = tempDir('streamdash-sasl-flow-');
const usersFile = join(usersDir, 'users.json');
let broker: Awaited<ReturnType<typeof inProcessBroker>>;
before(async () => {
  writeUsersFile(usersFile, new Map([['alice', { 'SCRAM-SHA-512': scramCredential('SCRAM-SHA-512', 'alice-pw') }]]));
  broker = await inProcessBroker({ sasl: { usersFile, users: { bob: 'bob-pw' } } });
});
after(async () => {
  await broker?.stop();
  rmSync(usersDir, { recursive: true, force: true });
});

const metadata = (c: RawClient) => c.request(Metadata, 9, { topics: null, allowAutoTopicCreation: false, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false });
const plainToken = (user: string, password: string) => Buffer.from(`\0${user}\0${password}`);

async function closedWithin(c: RawClient, ms: number): Promise<boolean> {
  return Promise.race([c.closed.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);
}

test('before authentication only ApiVersions and SaslHandshake are served; Metadata closes the connection unanswered', async () => {
  const c = await RawClient.connect(broker.port);
  const versions = await c.request(ApiVersions, 3, { clientSoftwareName: 'raw', clientSoftwareVersion: '1' });
  const sasl = versions.apiKeys.filter((k) => k.apiKey === SaslHandshake.apiKey || k.apiKey === SaslAuthenticate.apiKey);
  assert.deepEqual(sasl.map((k) => [k.apiKey, k.minVersion, k.maxVersion]), [[17, 0, 1], [36, 0, 2]]);
  await assert.rejects(metadata(c), /connection closed before the Metadata response/);
  c.close();
  // SaslAuthenticate before any handshake is refused the same way.
  const d = await RawClient.connect(broker.port);
  await assert.rejects(d.request(SaslAuthenticate, 1, { authBytes: plainToken('bob', 'bob-pw') }), /connection closed/);
});

test('handshake v1 + SaslAuthenticate: PLAIN logs in and Metadata works; a second SaslAuthenticate gets ILLEGAL_SASL_STATE', async () => {
  const c = await RawClient.connect(broker.port);
  try {
    const hs = await c.request(SaslHandshake, 1, { mechanism: 'PLAIN' });
    assert.deepEqual(hs, { errorCode: 0, mechanisms: ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] });
    const auth = await c.request(SaslAuthenticate, 2, { authBytes: plainToken('bob', 'bob-pw') });
    assert.deepEqual({ ...auth, authBytes: auth.authBytes.length }, { errorCode: 0, errorMessage: null, authBytes: 0, sessionLifetimeMs: 0 });
    assert.equal((await metadata(c)).brokers.length, 1);
    const again = await c.request(SaslAuthenticate, 2, { authBytes: plainToken('bob', 'bob-pw') });
    assert.equal(again.errorCode, ErrorCode.ILLEGAL_SASL_STATE);
    assert.equal((await metadata(c)).brokers.length, 1, 'still served');
  } finally {
    c.close();
  }
});

test('a wrong password: SASL_AUTHENTICATION_FAILED with a message, then the connection is closed', async () => {
  const c = await RawClient.connect(broker.port);
  await c.request(SaslHandshake, 1, { mechanism: 'PLAIN' });
  const auth = await c.request(SaslAuthenticate, 1, { authBytes: plainToken('bob', 'wrong') });
  assert.equal(auth.errorCode, ErrorCode.SASL_AUTHENTICATION_FAILED);
  assert.equal(auth.errorMessage, 'Authentication failed: Invalid username or password');
  assert.ok(await closedWithin(c, 2000), 'closed after the failure');
});

test('an unknown mechanism: UNSUPPORTED_SASL_MECHANISM listing the served ones, then closed', async () => {
  const c = await RawClient.connect(broker.port);
  const hs = await c.request(SaslHandshake, 1, { mechanism: 'GSSAPI' });
  assert.deepEqual(hs, { errorCode: ErrorCode.UNSUPPORTED_SASL_MECHANISM, mechanisms: ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] });
  assert.ok(await closedWithin(c, 2000));
});

test('legacy handshake v0: PLAIN as a bare token, answered by an empty bare token, then requests are served', async () => {
  const c = await RawClient.connect(broker.port);
  try {
    assert.equal((await c.request(SaslHandshake, 0, { mechanism: 'PLAIN' })).errorCode, 0);
    assert.equal((await c.saslToken(plainToken('bob', 'bob-pw'))).length, 0);
    assert.equal((await metadata(c)).brokers.length, 1);
  } finally {
    c.close();
  }
});

test('legacy handshake v0: SCRAM-SHA-512 in bare tokens; the server proves it knows the credential', async () => {
  const c = await RawClient.connect(broker.port);
  try {
    await c.request(SaslHandshake, 0, { mechanism: 'SCRAM-SHA-512' });
    const scram = new ScramClient('sha512', 'alice', 'alice-pw');
    const serverFirst = await c.saslToken(scram.first());
    const serverFinal = await c.saslToken(scram.final(serverFirst));
    assert.ok(scram.serverProven(serverFinal), serverFinal.toString());
    assert.equal((await metadata(c)).brokers.length, 1);
  } finally {
    c.close();
  }
  // A wrong password in the v0 flow has no error field: the connection is closed.
  const d = await RawClient.connect(broker.port);
  await d.request(SaslHandshake, 0, { mechanism: 'SCRAM-SHA-512' });
  const wrong = new ScramClient('sha512', 'alice', 'nope');
  await assert.rejects(d.saslToken(wrong.final(await d.saslToken(wrong.first()))), /connection closed/);
});

test('a user added to the users file can log in without a restart', async () => {
  const users = readUsersFile(usersFile);
  users.set('carol', { 'SCRAM-SHA-256': scramCredential('SCRAM-SHA-256', 'carol-pw') });
  writeUsersFile(usersFile, users);
  const c = await RawClient.connect(broker.port);
  try {
    await c.request(SaslHandshake, 1, { mechanism: 'SCRAM-SHA-256' });
    const scram = new ScramClient('sha256', 'carol', 'carol-pw');
    const first = await c.request(SaslAuthenticate, 1, { authBytes: scram.first() });
    assert.equal(first.errorCode, 0, first.errorMessage ?? '');
    const final = await c.request(SaslAuthenticate, 1, { authBytes: scram.final(first.authBytes) });
    assert.equal(final.errorCode, 0, final.errorMessage ?? '');
    assert.ok(scram.serverProven(final.authBytes));
  } finally {
    c.close();
  }
});

test('a broker without SASL answers SaslHandshake with ILLEGAL_SASL_STATE and keeps serving', async () => {
  const plain = await inProcessBroker();
  const c = await RawClient.connect(plain.port);
  try {
    assert.deepEqual(await c.request(SaslHandshake, 1, { mechanism: 'PLAIN' }), { errorCode: ErrorCode.ILLEGAL_SASL_STATE, mechanisms: [] });
    assert.equal((await metadata(c)).brokers.length, 1);
  } finally {
    c.close();
    await plain.stop();
  }
});

test('re-authentication (KIP-368): the session lifetime is given, a re-login extends it, an expired one closes the connection', async () => {
  const reauthMs = 600;
  const b = await inProcessBroker({ sasl: { users: { bob: 'bob-pw' }, reauthMs } });
  const login = async (c: RawClient) => {
    assert.equal((await c.request(SaslHandshake, 1, { mechanism: 'PLAIN' })).errorCode, 0);
    return c.request(SaslAuthenticate, 1, { authBytes: plainToken('bob', 'bob-pw') });
  };
  const c = await RawClient.connect(b.port);
  const d = await RawClient.connect(b.port);
  try {
    assert.equal((await login(c)).sessionLifetimeMs, reauthMs);
    await login(d);
    await new Promise((r) => setTimeout(r, reauthMs / 2));
    assert.equal((await login(c)).sessionLifetimeMs, reauthMs, 're-authenticated on the same connection');
    await new Promise((r) => setTimeout(r, reauthMs * 0.7));
    // c's second session is still young; d's first one has expired.
    assert.equal((await metadata(c)).brokers.length, 1);
    await assert.rejects(metadata(d), /connection closed/);
    // Re-authenticating as someone else is refused.
    const other = await c.request(SaslHandshake, 1, { mechanism: 'SCRAM-SHA-256' });
    assert.equal(other.errorCode, ErrorCode.UNSUPPORTED_SASL_MECHANISM, 'a re-login keeps its mechanism, as Kafka requires');
  } finally {
    c.close();
    d.close();
    await b.stop();
  }
});
