import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Kafka, logLevel, type SASLOptions } from 'kafkajs';
import { pino } from 'pino';
import { scramCredential } from '../../src/broker/security/scram-credential.js';
import { writeUsersFile } from '../../src/broker/security/users-file.js';
import { inProcessBroker, REPO_ROOT, tempDir } from '../helpers/broker.js';
import { checkCapability, type Peer } from '../helpers/compat-check.js';
import { produceAndConsume } from '../helpers/kafkajs-roundtrip.js';

// kafkajs 2.2.4 against a broker whose listener requires SASL: each mechanism produces and
// consumes in a group, read back message for message; a wrong password is refused with
// SASL_AUTHENTICATION_FAILED and nothing is served to that client.
const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', 'kafkajs', 'package.json'), 'utf8')) as { version: string };
const PEER: Peer = { client: 'kafkajs', version: pkg.version };

const usersDir = tempDir('streamdash-sasl-users-');
const usersFile = join(usersDir, 'users.json');
let broker: Awaited<ReturnType<typeof inProcessBroker>>;
before(async () => {
  // alice is in the file, salted for both SCRAM hashes; bob is inline (hashed at start-up).
  writeUsersFile(usersFile, new Map([['alice', { 'SCRAM-SHA-256': scramCredential('SCRAM-SHA-256', 'alice-secret'), 'SCRAM-SHA-512': scramCredential('SCRAM-SHA-512', 'alice-secret') }]]));
  broker = await inProcessBroker({ sasl: { usersFile, users: { bob: 'bob-secret' } } });
});
after(async () => {
  await broker?.stop();
  rmSync(usersDir, { recursive: true, force: true });
});

const client = (sasl: SASLOptions) => new Kafka({ brokers: [broker.bootstrap], clientId: `kjs-${sasl.mechanism}`, logLevel: logLevel.NOTHING, sasl, retry: { retries: 0 } });

test('PLAIN (inline user): produce and consume in a group, every message back', { timeout: 60_000 }, () =>
  checkCapability(PEER, 'sasl:PLAIN', () => produceAndConsume(client({ mechanism: 'plain', username: 'bob', password: 'bob-secret' }), 'sasl-plain', 'PLAIN')),
);

test('SCRAM-SHA-256 (users file): produce and consume in a group, every message back', { timeout: 60_000 }, () =>
  checkCapability(PEER, 'sasl:SCRAM-SHA-256', () => produceAndConsume(client({ mechanism: 'scram-sha-256', username: 'alice', password: 'alice-secret' }), 'sasl-scram-256', 'SCRAM-SHA-256')),
);

test('SCRAM-SHA-512 (users file): produce and consume in a group, every message back', { timeout: 60_000 }, () =>
  checkCapability(PEER, 'sasl:SCRAM-SHA-512', () => produceAndConsume(client({ mechanism: 'scram-sha-512', username: 'alice', password: 'alice-secret' }), 'sasl-scram-512', 'SCRAM-SHA-512')),
);

test('re-authentication (KIP-368): kafkajs logs in again on its open connection before the session expires', { timeout: 60_000 }, () =>
  checkCapability(PEER, 'sasl:re-authentication', async () => {
    const logs: { msg?: string; reauthentication?: boolean }[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push(JSON.parse(line) as (typeof logs)[number]) });
    const b = await inProcessBroker({ sasl: { users: { bob: 'bob-secret' }, reauthMs: 1500 }, logger });
    try {
      const kafka = new Kafka({ brokers: [b.bootstrap], logLevel: logLevel.NOTHING, sasl: { mechanism: 'plain', username: 'bob', password: 'bob-secret' }, reauthenticationThreshold: 1000, retry: { retries: 0 } });
      const producer = kafka.producer({ allowAutoTopicCreation: true });
      await producer.connect();
      try {
        for (let i = 0; i < 3; i++) {
          await producer.send({ topic: 'sasl-reauth', acks: -1, messages: [{ value: `m${i}` }] });
          await new Promise((r) => setTimeout(r, 800));
        }
      } finally {
        await producer.disconnect();
      }
      const admin = kafka.admin();
      await admin.connect();
      const offsets = await admin.fetchTopicOffsets('sasl-reauth').finally(() => admin.disconnect());
      assert.equal(offsets.reduce((n, p) => n + Number(p.high), 0), 3);
      const logins = logs.filter((l) => l.msg === 'SASL authenticated');
      assert.ok(logins.some((l) => l.reauthentication === true), `a re-authentication among ${JSON.stringify(logins)}`);
    } finally {
      await b.stop();
    }
  }),
);

test('a wrong password fails with SASL_AUTHENTICATION_FAILED, with every mechanism', { timeout: 60_000 }, () =>
  checkCapability(PEER, 'sasl:wrong-password', async () => {
    const wrong: SASLOptions[] = [
      { mechanism: 'plain', username: 'bob', password: 'not-bob' },
      { mechanism: 'scram-sha-256', username: 'alice', password: 'not-alice' },
      { mechanism: 'scram-sha-512', username: 'alice', password: 'not-alice' },
      { mechanism: 'scram-sha-512', username: 'nobody', password: 'x' },
    ];
    for (const sasl of wrong) {
      const admin = client(sasl).admin();
      const err = await admin.connect().then(
        () => assert.fail(`${sasl.mechanism} with a wrong password connected`),
        (e: unknown) => e as Error & { type?: string },
      );
      await admin.disconnect();
      assert.equal(err.name, 'KafkaJSSASLAuthenticationError', `${sasl.mechanism}: ${err.name}: ${err.message}`);
      // kafkajs wraps the SASL_AUTHENTICATION_FAILED response in this error, with the broker's message after its own words.
      assert.match(err.message, /^SASL (PLAIN|SCRAM SHA256|SCRAM SHA512) authentication failed: Authentication failed/, sasl.mechanism);
    }
  }),
);
