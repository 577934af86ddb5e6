import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { backendOf, InvalidStoreSpecError, openStore, StoreOpenError, StoreUnreachableError } from '../../src/store/index.js';

test('a postgres:// or postgresql:// URL is a server; a path is an embedded store', () => {
  assert.equal(backendOf('postgres://user@127.0.0.1:5432/db'), 'postgres');
  assert.equal(backendOf('postgresql://user:pw@db.example/streamdash'), 'postgres');
  assert.equal(backendOf('./streamdash-data/store'), 'pglite');
  assert.equal(backendOf('/var/lib/streamdash/store'), 'pglite');
  assert.equal(backendOf('C:\\data\\store'), 'pglite');
});

test('any other URL is refused, saying what a store spec looks like', () => {
  assert.throws(() => backendOf('mysql://root@localhost/db'), (err: unknown) => err instanceof InvalidStoreSpecError && /postgres:\/\/user@host:port\/db/.test(err.message));
  assert.throws(() => backendOf(''), InvalidStoreSpecError);
});

test('an unreachable server is reported with its address and without the password', async () => {
  const port = await closedPort();
  await assert.rejects(
    openStore(`postgres://streamdash:s3cret@127.0.0.1:${port}/results`),
    (err: unknown) =>
      err instanceof StoreUnreachableError && err.message.includes(`127.0.0.1:${port}/results`) && !err.message.includes('s3cret') && /ECONNREFUSED/.test(err.message),
  );
});

test('a store path that is a file is reported as such', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'streamdash-store-'));
  try {
    writeFileSync(join(dir, 'store'), 'not a directory');
    await assert.rejects(openStore(join(dir, 'store')), StoreOpenError);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
