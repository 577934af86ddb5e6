// needs: peers/java, peers/m2, openssl
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { inProcessBroker } from '../helpers/broker.js';
import { checkCapability, type Peer } from '../helpers/compat-check.js';
import { describeRun, eventsOf, javaPeer, KAFKA_VERSION, type JavaRun } from '../helpers/java-peers.js';
import { makeTestCerts, type TestCerts } from '../helpers/tls-certs.js';

// Apache Kafka's Java client, kafka-clients 4.4, over TLS as a Kafka user sets it up: a PKCS12
// truststore that the JDK's keytool builds from the CA's PEM, hostname verification on (the
// broker's certificate names 127.0.0.1). On an SSL listener and on a SASL_SSL one (SCRAM-SHA-512)
// the producer and a group consumer run and every record reads back.
const PEER: Peer = { client: 'kafka-clients', version: KAFKA_VERSION };
const STORE_PASSWORD = 'truststore-pw';

let certs: TestCerts;
let truststore: string;
before(() => {
  certs = makeTestCerts();
  truststore = join(certs.dir, 'truststore.p12');
  execFileSync('keytool', ['-importcert', '-noprompt', '-alias', 'streamdash-ca', '-file', certs.caCert, '-keystore', truststore, '-storetype', 'PKCS12', '-storepass', STORE_PASSWORD], { stdio: ['ignore', 'ignore', 'pipe'] });
});
after(() => certs?.remove());

const config = (pairs: Record<string, string>) => Object.entries(pairs).flatMap(([k, v]) => ['--config', `${k}=${v}`]);
const trust = () => ({ 'ssl.truststore.location': truststore, 'ssl.truststore.password': STORE_PASSWORD, 'ssl.truststore.type': 'PKCS12' });

function ok(r: JavaRun): JavaRun {
  assert.equal(r.code, 0, describeRun(r));
  return r;
}

const value = (i: number) => `value-${i} 值 ${'x'.repeat(i % 50)}`;

async function roundTrip(bootstrap: string, topic: string, settings: string[]): Promise<void> {
  const produced = ok(await javaPeer('producer', bootstrap, ['--topic', topic, '--count', '30', '--keys', 'true', ...settings]));
  assert.equal(eventsOf(produced, 'sent').length, 30);
  const consumed = ok(await javaPeer('consumer', bootstrap, ['--topic', topic, '--count', '30', '--mode', 'subscribe', '--group', `${topic}-readers`, '--commit', 'sync', ...settings]));
  assert.deepEqual(eventsOf(consumed, 'record').map((e) => e.value as string).sort(), Array.from({ length: 30 }, (_, i) => value(i)).sort());
}

test('SSL: the producer and a group consumer trust the broker through a keytool truststore; every record reads back', { timeout: 240_000 }, () =>
  checkCapability(PEER, 'ssl', async () => {
    const b = await inProcessBroker({ tls: { certFile: certs.serverCert, keyFile: certs.serverKey } });
    try {
      await roundTrip(b.bootstrap, 'java-ssl', config({ 'security.protocol': 'SSL', ...trust() }));
    } finally {
      await b.stop();
    }
  }),
);

test('SASL_SSL with SCRAM-SHA-512: the producer and a group consumer log in over TLS; every record reads back', { timeout: 240_000 }, () =>
  checkCapability(PEER, 'sasl_ssl', async () => {
    const b = await inProcessBroker({ tls: { certFile: certs.serverCert, keyFile: certs.serverKey }, sasl: { users: { 'java-tls': 'over-tls' } } });
    try {
      const settings = config({
        'security.protocol': 'SASL_SSL',
        ...trust(),
        'sasl.mechanism': 'SCRAM-SHA-512',
        'sasl.jaas.config': 'org.apache.kafka.common.security.scram.ScramLoginModule required username="java-tls" password="over-tls";',
      });
      await roundTrip(b.bootstrap, 'java-sasl-ssl', settings);
    } finally {
      await b.stop();
    }
  }),
);

test('ssl.client.auth=required: the producer and consumer present a PKCS12 keystore of the client certificate; without one the producer is refused', { timeout: 240_000 }, () =>
  checkCapability(PEER, 'ssl:client-auth', async () => {
    const keystore = join(certs.dir, 'client.p12');
    execFileSync('openssl', ['pkcs12', '-export', '-in', certs.clientCert, '-inkey', certs.clientKey, '-name', 'client', '-out', keystore, '-passout', `pass:${STORE_PASSWORD}`], { stdio: ['ignore', 'ignore', 'pipe'] });
    const b = await inProcessBroker({ tls: { certFile: certs.serverCert, keyFile: certs.serverKey, caFile: certs.caCert, clientAuth: 'required' } });
    try {
      const identified = { 'ssl.keystore.location': keystore, 'ssl.keystore.password': STORE_PASSWORD, 'ssl.keystore.type': 'PKCS12' };
      await roundTrip(b.bootstrap, 'java-mtls', config({ 'security.protocol': 'SSL', ...trust(), ...identified }));
      const anonymous = await javaPeer('producer', b.bootstrap, ['--topic', 'java-mtls-denied', '--count', '1', ...config({ 'security.protocol': 'SSL', ...trust(), 'max.block.ms': '5000' })]);
      assert.notEqual(anonymous.code, 0, describeRun(anonymous));
      // TLS 1.3: the broker's refusal of a client without a certificate comes after the handshake.
      assert.match(String(eventsOf(anonymous, 'sent')[0]?.error), /^org\.apache\.kafka\.common\.errors\.SslAuthenticationException/, describeRun(anonymous));
    } finally {
      await b.stop();
    }
  }),
);
