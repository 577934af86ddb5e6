// needs: kcat, openssl
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { inProcessBroker } from '../helpers/broker.js';
import { checkCapability, type Peer } from '../helpers/compat-check.js';
import { run } from '../helpers/exec.js';
import { makeTestCerts, type TestCerts } from '../helpers/tls-certs.js';

// librdkafka through kcat on a SASL_SSL listener with SCRAM-SHA-512, configured by librdkafka's
// own names (ssl.ca.location, sasl.mechanisms…): lines produced come back byte for byte in a
// group; a wrong password gets no records.
let certs: TestCerts;
let broker: Awaited<ReturnType<typeof inProcessBroker>>;
let peer: Peer;
before(async () => {
  certs = makeTestCerts();
  broker = await inProcessBroker({ tls: { certFile: certs.serverCert, keyFile: certs.serverKey }, sasl: { users: { rdkafka: 'pw-über-tls' } } });
  const v = /Version (\S+) \(.*librdkafka (\S+)/.exec((await run('kcat', ['-V'])).stdout);
  peer = { client: 'kcat (librdkafka)', version: v ? `${v[1]} (librdkafka ${v[2]})` : 'unknown' };
});
after(async () => {
  await broker?.stop();
  certs?.remove();
});

const settings = (password: string) => ['-X', 'security.protocol=SASL_SSL', '-X', `ssl.ca.location=${certs.caCert}`, '-X', 'sasl.mechanisms=SCRAM-SHA-512', '-X', 'sasl.username=rdkafka', '-X', `sasl.password=${password}`];

test('SASL_SSL with SCRAM-SHA-512: kcat produces, then reads every line back in a group', { timeout: 60_000 }, () =>
  checkCapability(peer, 'sasl_ssl', async () => {
    const lines = Array.from({ length: 100 }, (_, i) => `line ${i} 值 ${'y'.repeat(i % 30)}`);
    const produced = await run('kcat', ['-b', broker.bootstrap, ...settings('pw-über-tls'), '-P', '-t', 'kcat-sasl-ssl'], { input: lines.join('\n') + '\n' });
    assert.equal(produced.code, 0, produced.stderr);
    const consumed = await run('kcat', ['-b', broker.bootstrap, ...settings('pw-über-tls'), '-G', 'kcat-sasl-ssl-group', '-X', 'auto.offset.reset=earliest', '-c', String(lines.length), '-e', 'kcat-sasl-ssl'], { timeoutMs: 45_000 });
    assert.equal(consumed.code, 0, consumed.stderr);
    assert.deepEqual(consumed.stdout.split('\n').filter((l) => l !== '').sort(), [...lines].sort());
  }),
);

test('SASL_SSL with a wrong password: kcat gets an authentication error and no metadata', { timeout: 30_000 }, async () => {
  const r = await run('kcat', ['-b', broker.bootstrap, ...settings('wrong'), '-L', '-m', '5']);
  assert.notEqual(r.code, 0, r.stdout);
  assert.match(r.stderr, /SASL authentication error: Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512/);
});
