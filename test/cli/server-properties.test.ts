import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { JuteWriter } from '../../src/broker/zookeeper/jute.js';
import { ApiVersions } from '../../src/protocol/apis.js';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { parseServerProperties, ServerPropertiesError } from '../../src/cli/server-properties.js';
import { CLI, freePort, spawnBroker, tempDir } from '../helpers/broker.js';
import { run } from '../helpers/exec.js';
import { RawClient } from '../helpers/raw-client.js';
import { ZkTestClient } from '../helpers/zk-client.js';

const GET_CHILDREN = 8;

test("a Kafka 2.4 broker's server.properties maps to the broker's flags; the rest is named as ignored", () => {
  const { flags, ignored } = parseServerProperties(
    [
      'broker.id=0',
      'listeners=PLAINTEXT://127.0.0.1:9093',
      'num.network.threads=3',
      'log.dirs=/tmp/kafka-logs,/tmp/other',
      'num.partitions=3',
      'log.retention.hours=168',
      'log.segment.bytes=1073741824',
      'zookeeper.connect=localhost:2182',
      'zookeeper.connection.timeout.ms=6000',
    ].join('\n'),
  );
  assert.deepEqual(flags, {
    host: '127.0.0.1',
    port: 9093,
    dataDir: '/tmp/kafka-logs',
    partitions: 3,
    retentionMs: 168 * 3_600_000,
    segmentBytes: 1073741824,
    zookeeperPort: 2182,
  });
  assert.deepEqual(ignored, ['broker.id', 'num.network.threads', 'zookeeper.connection.timeout.ms']);
});

test('0.8-style port and host.name, and zookeeper.connect without a port meaning 2181', () => {
  const { flags } = parseServerProperties('port=9092\nhost.name=localhost\nzookeeper.connect=localhost\nlog.retention.ms=1000\nlog.retention.hours=1\n');
  assert.deepEqual(flags, { host: 'localhost', port: 9092, zookeeperPort: 2181, retentionMs: 1000 });
});

test("the cleaner's settings: log.cleaner.backoff.ms and .enable as flags, its topic-config synonyms passed by name; a bad one names its line", () => {
  const { flags, ignored } = parseServerProperties(
    [
      'log.cleaner.backoff.ms=250',
      'log.cleaner.enable=false',
      'log.cleanup.policy=compact',
      'log.cleaner.min.cleanable.ratio=0.1',
      'log.cleaner.min.compaction.lag.ms=1000',
      'log.cleaner.max.compaction.lag.ms=60000',
      'log.cleaner.delete.retention.ms=5000',
      'log.cleaner.threads=2',
    ].join('\n'),
  );
  assert.deepEqual(flags, {
    logCleanerBackoffMs: 250,
    logCleanerEnable: false,
    staticConfigs: {
      'log.cleanup.policy': 'compact',
      'log.cleaner.min.cleanable.ratio': '0.1',
      'log.cleaner.min.compaction.lag.ms': '1000',
      'log.cleaner.max.compaction.lag.ms': '60000',
      'log.cleaner.delete.retention.ms': '5000',
    },
  });
  // One cleaner thread is all there is: said as ignored, not silently taken.
  assert.deepEqual(ignored, ['log.cleaner.threads']);
  assert.throws(() => parseServerProperties('\nlog.cleaner.min.cleanable.ratio=2'), /server\.properties:2: Invalid value 2 for configuration log\.cleaner\.min\.cleanable\.ratio: Value must be/);
  assert.throws(() => parseServerProperties('log.cleanup.policy=forever'), /server\.properties:1: Invalid value forever for configuration log\.cleanup\.policy/);
  assert.throws(() => parseServerProperties('log.cleaner.backoff.ms=soon'), /server\.properties:1: log\.cleaner\.backoff\.ms takes a whole number ≥ 0, got "soon"/);
  assert.throws(() => parseServerProperties('log.cleaner.enable=yes'), /log\.cleaner\.enable takes true or false, got "yes"/);
});

test('max.connections.per.ip and its overrides become flags; a bad value names its key and line', () => {
  const { flags } = parseServerProperties('max.connections.per.ip=20\nmax.connections.per.ip.overrides=127.0.0.1:200, ::1:5\n');
  assert.deepEqual(flags, { maxConnectionsPerIp: 20, maxConnectionsPerIpOverrides: { '127.0.0.1': 200, '::1': 5 } });
  assert.throws(() => parseServerProperties('max.connections.per.ip=-1\n', 'a.properties'), (err: Error) => err instanceof ServerPropertiesError && /a\.properties:1: max\.connections\.per\.ip takes a whole number ≥ 0/.test(err.message));
  assert.throws(
    () => parseServerProperties('\nmax.connections.per.ip.overrides=127.0.0.1\n', 'a.properties'),
    (err: Error) => err instanceof ServerPropertiesError && /a\.properties:2: max\.connections\.per\.ip\.overrides takes address:limit pairs/.test(err.message),
  );
});

test('a zookeeper.connect the facade cannot be is refused with what to write instead', () => {
  assert.throws(() => parseServerProperties('zookeeper.connect=zk1.example.com:2181'), (e: unknown) => e instanceof ServerPropertiesError && /:1: zookeeper\.connect names zk1\.example\.com; .*localhost:2181/.test(e.message));
  assert.throws(() => parseServerProperties('zookeeper.connect=localhost:2181/kafka'), /chroot "\/kafka" is not served/);
  assert.throws(() => parseServerProperties('zookeeper.connect=localhost:2181,127.0.0.1:2182'), /several ports \(2181, 2182\)/);
  assert.throws(() => parseServerProperties('\n\nnum.partitions=zero'), /server\.properties:3: num\.partitions takes a whole number ≥ 1, got "zero"/);
});

test('broker --config server.properties with zookeeper.connect serves ZooKeeper there, the broker registered under /brokers/ids', async () => {
  const dir = tempDir('streamdash-config-');
  const zkPort = await freePort();
  const file = join(dir, 'server.properties');
  writeFileSync(file, `broker.id=0\nnum.partitions=2\nzookeeper.connect=localhost:${zkPort}\n`);
  const broker = await spawnBroker(join(dir, 'data'), await freePort(), ['--config', file]);
  try {
    const zk = await ZkTestClient.open(zkPort);
    try {
      const reply = await zk.request(GET_CHILDREN, new JuteWriter().ustring('/brokers/ids').bool(false));
      assert.equal(reply.err, 0);
      const n = reply.body.int();
      const ids = Array.from({ length: n }, () => reply.body.ustring());
      // broker.id is ignored: the embedded broker is always node 1.
      assert.deepEqual(ids, ['1']);
    } finally {
      await zk.close();
    }
  } finally {
    await broker.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('broker --config with max.connections.per.ip=1: a second connection from the address is closed, and counted in the log', { timeout: 30_000 }, async () => {
  const dir = tempDir('streamdash-config-');
  const file = join(dir, 'server.properties');
  writeFileSync(file, 'max.connections.per.ip=1\n');
  const broker = await spawnBroker(join(dir, 'data'), await freePort(), ['--config', file]);
  try {
    const first = await RawClient.connect(broker.port);
    const second = await RawClient.connect(broker.port);
    await second.closed;
    const line = await broker.waitForLog((l) => l.kind === 'connection-limit', { what: 'the connection-limit warning', timeoutMs: 5000 });
    assert.equal(line.count, 1);
    assert.equal((await first.request(ApiVersions, 3, { clientSoftwareName: 'cfg', clientSoftwareVersion: '1' })).errorCode, ErrorCode.NONE);
    first.close();
  } finally {
    await broker.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('broker --config with a bad zookeeper.connect exits 2 and names the line', async () => {
  const dir = tempDir('streamdash-config-');
  const file = join(dir, 'server.properties');
  writeFileSync(file, 'broker.id=0\nzookeeper.connect=zk1.example.com:2181\n');
  try {
    const r = await run(process.execPath, [CLI, 'broker', '--config', file, '--data-dir', join(dir, 'data')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /bad --config: .*server\.properties:2: zookeeper\.connect names zk1\.example\.com/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a SASL listener (by name or through listener.security.protocol.map) asks for SASL, a TLS one for a certificate; several listeners pass as lists', () => {
  const direct = parseServerProperties('listeners=SASL_PLAINTEXT://0.0.0.0:9094\nsasl.enabled.mechanisms=SCRAM-SHA-512,plain\nconnections.max.reauth.ms=60000\n');
  assert.deepEqual(direct.flags, { host: '0.0.0.0', port: 9094, saslRequired: true, saslMechanisms: ['SCRAM-SHA-512', 'PLAIN'], saslReauthMs: 60000 });
  const mapped = parseServerProperties('listeners=CLIENT://:9094\nlistener.security.protocol.map=CLIENT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT\n');
  assert.deepEqual(mapped.flags, { port: 9094, saslRequired: true });
  assert.equal(parseServerProperties('listeners=PLAINTEXT://:9092\n').flags.saslRequired, undefined);
  assert.deepEqual(parseServerProperties('listeners=SASL_SSL://:9093\nssl.certificate.location=/c.pem\nssl.key.location=/k.pem\nssl.ca.location=/ca.pem\nssl.client.auth=required\n').flags, {
    port: 9093,
    saslRequired: true,
    tlsRequired: true,
    tlsCert: '/c.pem',
    tlsKey: '/k.pem',
    tlsCa: '/ca.pem',
    tlsClientAuth: 'required',
  });
  const several = 'listeners=LOCAL://127.0.0.1:9092,EXTERNAL://0.0.0.0:9093\nadvertised.listeners=EXTERNAL://broker.example:9093\nlistener.security.protocol.map=LOCAL:PLAINTEXT,EXTERNAL:SSL\n';
  assert.deepEqual(parseServerProperties(several).flags, {
    tlsRequired: true,
    listeners: 'LOCAL://127.0.0.1:9092,EXTERNAL://0.0.0.0:9093',
    advertisedListeners: 'EXTERNAL://broker.example:9093',
    listenerSecurityProtocolMap: 'LOCAL:PLAINTEXT,EXTERNAL:SSL',
  });
  assert.throws(() => parseServerProperties('listeners=CLIENT://:9094\n'), /the listener CLIENT has no security protocol/);
  assert.throws(() => parseServerProperties('ssl.keystore.location=/ks.jks\n'), /:1: ssl\.keystore\.location \(a JKS or PKCS12 store\) is not read; give PEM files/);
  assert.throws(() => parseServerProperties('sasl.enabled.mechanisms=GSSAPI\n'), /GSSAPI not served; choose among PLAIN, SCRAM-SHA-256, SCRAM-SHA-512/);
});

test('broker --config with a SASL_PLAINTEXT listener and no users exits 2 instead of serving everyone', async () => {
  const dir = tempDir('streamdash-config-');
  const file = join(dir, 'server.properties');
  writeFileSync(file, `listeners=SASL_PLAINTEXT://127.0.0.1:${await freePort()}\n`);
  try {
    const r = await run(process.execPath, [CLI, 'broker', '--config', file, '--data-dir', join(dir, 'data')]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /SASL needs users: give a users file \(--sasl-users-file\)/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
