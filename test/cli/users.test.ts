import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Kafka, logLevel, type SASLOptions } from 'kafkajs';
import { CLI, freePort, spawnBroker, tempDir } from '../helpers/broker.js';
import { run } from '../helpers/exec.js';

// `streamdash users` writes the file `streamdash broker --sasl-users-file` serves: a user added
// or removed while the broker runs is let in or refused on the next connection, no restart.
const dir = tempDir('streamdash-users-cli-');
const file = join(dir, 'users.json');
after(() => rmSync(dir, { recursive: true, force: true }));

const users = (args: string[], input?: string) => run('node', [CLI, 'users', ...args, '--file', file], { timeoutMs: 30_000, ...(input !== undefined && { input }) });

async function canConnect(port: number, sasl: SASLOptions): Promise<string> {
  const admin = new Kafka({ brokers: [`127.0.0.1:${port}`], logLevel: logLevel.NOTHING, sasl, retry: { retries: 0 } }).admin();
  try {
    await admin.connect();
    // A request past the login: served only to an authenticated connection.
    await admin.listTopics();
    return 'ok';
  } catch (err) {
    return (err as Error).name;
  } finally {
    await admin.disconnect();
  }
}

test('users add (password on stdin), list, remove; the running broker follows the file', { timeout: 60_000 }, async () => {
  const added = await users(['add', '--user', 'dora'], 'dora-pw\n');
  assert.equal(added.code, 0, added.stderr);
  assert.match(added.stdout, /user dora stored/);
  const stored = readFileSync(file, 'utf8');
  assert.ok(!stored.includes('dora-pw'), 'no password in the file');
  assert.deepEqual(Object.keys((JSON.parse(stored) as { users: Record<string, object> }).users.dora!), ['SCRAM-SHA-256', 'SCRAM-SHA-512']);
  assert.equal((await users(['list'])).stdout, 'dora\tSCRAM-SHA-256,SCRAM-SHA-512\n');

  const port = await freePort();
  const broker = await spawnBroker(join(dir, 'data'), port, ['--sasl-users-file', file]);
  try {
    assert.equal(await canConnect(port, { mechanism: 'scram-sha-512', username: 'dora', password: 'dora-pw' }), 'ok');
    assert.equal(await canConnect(port, { mechanism: 'plain', username: 'eve', password: 'eve-pw' }), 'KafkaJSSASLAuthenticationError');
    assert.equal((await users(['add', '--user', 'eve', '--password', 'eve-pw', '--mechanisms', 'SCRAM-SHA-256'])).code, 0);
    assert.equal(await canConnect(port, { mechanism: 'plain', username: 'eve', password: 'eve-pw' }), 'ok', 'PLAIN checks against the SCRAM credential');
    assert.equal((await users(['remove', '--user', 'dora'])).code, 0);
    assert.equal(await canConnect(port, { mechanism: 'scram-sha-512', username: 'dora', password: 'dora-pw' }), 'KafkaJSSASLAuthenticationError');
  } finally {
    await broker.stop();
  }
  const missing = await users(['remove', '--user', 'nobody']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /no user nobody in .*users list/);
});

test('the broker refuses to start on a broken users file, naming it', { timeout: 30_000 }, async () => {
  const broken = join(dir, 'broken.json');
  const r = await run('node', [CLI, 'broker', '--port', '0', '--data-dir', join(dir, 'data2'), '--sasl-users-file', broken], { timeoutMs: 20_000 });
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, new RegExp(`cannot read the users file ${broken}.*streamdash users add`));
});
