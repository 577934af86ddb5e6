// needs: openssl
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import { Kafka, logLevel, type KafkaConfig } from 'kafkajs';
import { pino } from 'pino';
import { inProcessBroker, REPO_ROOT } from '../helpers/broker.js';
import { checkCapability, type Peer } from '../helpers/compat-check.js';
import { produceAndConsume } from '../helpers/kafkajs-roundtrip.js';
import { makeTestCerts, type TestCerts } from '../helpers/tls-certs.js';

// kafkajs 2.2.4 over TLS: an SSL listener and a SASL_SSL one (SCRAM-SHA-512) each produce and
// consume in a group, every message back; a client that speaks plaintext, or does not trust the
// broker's certificate, gets nothing; with ssl.client.auth=required only a certificate of the
// broker's CA gets in. Certificates are issued by openssl into a temp folder for this run.
const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', 'kafkajs', 'package.json'), 'utf8')) as { version: string };
const PEER: Peer = { client: 'kafkajs', version: pkg.version };

let certs: TestCerts;
before(() => {
  certs = makeTestCerts();
});
after(() => certs?.remove());

const pem = (file: string) => readFileSync(file, 'utf8');
const tlsBroker = (o: { sasl?: boolean; clientAuth?: 'required' | 'requested' } = {}) =>
  inProcessBroker({
    tls: { certFile: certs.serverCert, keyFile: certs.serverKey, caFile: certs.caCert, ...(o.clientAuth !== undefined && { clientAuth: o.clientAuth }) },
    ...(o.sasl === true && { sasl: { users: { tina: 'tls-and-scram' } } }),
  });
const kafka = (bootstrap: string, extra: Partial<KafkaConfig>) => new Kafka({ brokers: [bootstrap], clientId: 'kjs-tls', logLevel: logLevel.NOTHING, retry: { retries: 0 }, connectionTimeout: 5000, ...extra });

/** ApiVersions v0, correlation id 1, client id "test": the smallest request every Kafka listener answers. */
const API_VERSIONS_V0 = Buffer.from('0000000e0012000000000001000474657374', 'hex');

/** 'connected' when the broker answers ApiVersions over TLS with these options; else the TLS error, or 'closed'. */
function handshake(port: number, options: ConnectionOptions): Promise<string> {
  return new Promise((resolve) => {
    // TLS 1.3 gives the server's verdict on a client certificate only after the handshake: a Kafka answer is the proof.
    const s = tlsConnect({ host: '127.0.0.1', port, ...options }, () => s.write(API_VERSIONS_V0));
    s.once('data', (d: Buffer) => {
      s.destroy();
      resolve(d.readInt32BE(4) === 1 ? 'connected' : `answered ${d.toString('hex')}`);
    });
    s.once('error', (err) => resolve(err.message));
    s.once('close', () => resolve('closed'));
  });
}

test('SSL listener: kafkajs produces and consumes in a group over TLS, every message back', { timeout: 60_000 }, () =>
  checkCapability(PEER, 'ssl', async () => {
    const b = await tlsBroker();
    try {
      assert.deepEqual(b.listeners.map((l) => l.protocol), ['SSL']);
      await produceAndConsume(kafka(b.bootstrap, { ssl: { ca: [pem(certs.caCert)] } }), 'tls-ssl', 'SSL');
    } finally {
      await b.stop();
    }
  }),
);

test('SASL_SSL listener: kafkajs logs in with SCRAM-SHA-512 over TLS, produces and consumes; a wrong password is refused', { timeout: 60_000 }, () =>
  checkCapability(PEER, 'sasl_ssl', async () => {
    const b = await tlsBroker({ sasl: true });
    try {
      assert.deepEqual(b.listeners.map((l) => l.protocol), ['SASL_SSL']);
      const ssl = { ca: [pem(certs.caCert)] };
      await produceAndConsume(kafka(b.bootstrap, { ssl, sasl: { mechanism: 'scram-sha-512', username: 'tina', password: 'tls-and-scram' } }), 'tls-sasl-ssl', 'SASL_SSL');
      const admin = kafka(b.bootstrap, { ssl, sasl: { mechanism: 'scram-sha-512', username: 'tina', password: 'wrong' } }).admin();
      const err = await admin.connect().then(
        () => assert.fail('a wrong password connected over SASL_SSL'),
        (e: unknown) => e as Error,
      );
      await admin.disconnect();
      assert.equal(err.name, 'KafkaJSSASLAuthenticationError', err.message);
    } finally {
      await b.stop();
    }
  }),
);

test('a TLS listener refuses a plaintext client and one that does not trust its certificate', { timeout: 30_000 }, async () => {
  const b = await tlsBroker();
  try {
    // A plaintext ApiVersions request: the TLS server reads it as a bad handshake and closes, answering nothing Kafka.
    const plain = await new Promise<Buffer>((resolve) => {
      const s = tcpConnect(b.port, '127.0.0.1', () => s.write(API_VERSIONS_V0));
      const got: Buffer[] = [];
      s.on('data', (d: Buffer) => got.push(d));
      s.on('error', () => undefined);
      s.on('close', () => resolve(Buffer.concat(got)));
    });
    // Whatever comes back is a TLS alert record (content type 21), never a Kafka response.
    assert.ok(plain.length === 0 || plain[0] === 21, `a plaintext client got ${plain.toString('hex')}`);
    assert.match(await handshake(b.port, {}), /self[- ]signed certificate in certificate chain|unable to get local issuer/);
    assert.match(await handshake(b.port, { ca: pem(certs.caCert), servername: 'other.example' }), /Hostname\/IP does not match|altnames/);
    assert.equal(await handshake(b.port, { ca: pem(certs.caCert) }), 'connected');
  } finally {
    await b.stop();
  }
});

test('ssl.client.auth=required: a certificate of the broker CA gets in (kafkajs produces and consumes); none, or a stranger one, does not', { timeout: 60_000 }, () =>
  checkCapability(PEER, 'ssl:client-auth', async () => {
    const b = await tlsBroker({ clientAuth: 'required' });
    try {
      const ca = pem(certs.caCert);
      assert.notEqual(await handshake(b.port, { ca }), 'connected');
      assert.notEqual(await handshake(b.port, { ca, cert: pem(certs.strangerCert), key: pem(certs.strangerKey) }), 'connected');
      await produceAndConsume(kafka(b.bootstrap, { ssl: { ca: [ca], cert: pem(certs.clientCert), key: pem(certs.clientKey) } }), 'tls-client-auth', 'mTLS');
    } finally {
      await b.stop();
    }
  }),
);

test("ssl.client.auth=requested: a client without a certificate gets in; one whose certificate the broker's CA did not sign does not", { timeout: 30_000 }, async () => {
  const b = await tlsBroker({ clientAuth: 'requested' });
  try {
    const ca = pem(certs.caCert);
    assert.equal(await handshake(b.port, { ca }), 'connected');
    assert.equal(await handshake(b.port, { ca, cert: pem(certs.clientCert), key: pem(certs.clientKey) }), 'connected');
    assert.notEqual(await handshake(b.port, { ca, cert: pem(certs.strangerCert), key: pem(certs.strangerKey) }), 'connected');
  } finally {
    await b.stop();
  }
});

test('plaintext clients hammering a TLS listener: one warning for their address, the rest counted into one line', { timeout: 30_000 }, async () => {
  const lines: { level: number; cause?: string; count?: number; causes?: Record<string, number> }[] = [];
  const logger = pino({ level: 'info' }, { write: (l: string) => void lines.push(JSON.parse(l) as (typeof lines)[number]) });
  const b = await inProcessBroker({ tls: { certFile: certs.serverCert, keyFile: certs.serverKey }, logger });
  for (let i = 0; i < 20; i++) {
    await new Promise<void>((resolve) => {
      const s = tcpConnect(b.port, '127.0.0.1', () => s.write(API_VERSIONS_V0));
      s.on('error', () => undefined);
      s.on('close', () => resolve());
    });
  }
  await b.stop();
  const warnings = lines.filter((l) => l.level >= 40);
  assert.deepEqual(warnings.map((w) => [w.cause, w.count, w.causes]), [['TLS', 1, undefined], [undefined, 19, { TLS: 19 }]]);
});

test('max.connections.per.ip on a TLS listener: the connection over it is closed before its handshake and counted as over the limit, not as a failed TLS login', { timeout: 30_000 }, async () => {
  const lines: { level: number; kind?: string; count?: number }[] = [];
  const logger = pino({ level: 'info' }, { write: (l: string) => void lines.push(JSON.parse(l) as (typeof lines)[number]) });
  const b = await inProcessBroker({ tls: { certFile: certs.serverCert, keyFile: certs.serverKey }, maxConnectionsPerIp: 2, logger });
  const ca = pem(certs.caCert);
  const held = await Promise.all(
    [0, 1].map(
      () =>
        new Promise<ReturnType<typeof tlsConnect>>((resolve, reject) => {
          const s = tlsConnect({ host: '127.0.0.1', port: b.port, ca }, () => resolve(s));
          s.once('error', reject);
        }),
    ),
  );
  try {
    assert.notEqual(await handshake(b.port, { ca }), 'connected');
    for (const s of held) s.destroy();
    // Time for the broker to see the two closes.
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(await handshake(b.port, { ca }), 'connected');
  } finally {
    for (const s of held) s.destroy();
    await b.stop();
  }
  assert.deepEqual(lines.filter((l) => l.level >= 40).map((w) => [w.kind, w.count]), [['connection-limit', 1]]);
});
