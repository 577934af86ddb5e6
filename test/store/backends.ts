/**
 * Runs a suite once per back end: PGlite in a fresh temp folder, and a
 * database of its own on a throwaway PostgreSQL cluster started for the suite.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe } from 'node:test';
import { PGlite } from '@electric-sql/pglite';
import type { Backend } from '../../src/store/index.js';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../helpers/postgres.js';

export interface TestBackend {
  name: Backend;
  /** The spec of a new, empty store: a directory or a postgres:// URL. */
  freshSpec(): Promise<string>;
}

export function describeEachBackend(title: string, body: (backend: TestBackend) => void): void {
  describe(`${title} [pglite]`, () => {
    const dirs: string[] = [];
    after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
    body({
      name: 'pglite',
      async freshSpec() {
        const dir = await freshPgliteDir();
        dirs.push(dir);
        return join(dir, 'store');
      },
    });
  });

  // Never skipped: without PostgreSQL's server binaries this fails, saying what to install.
  describe(`${title} [postgres]`, () => {
    let cluster: ThrowawayPostgres | undefined;
    before(async () => {
      cluster = await startThrowawayPostgres();
    });
    after(() => cluster?.stop());
    body({ name: 'postgres', freshSpec: () => cluster!.createDatabase() });
  });
}

/** A temp folder holding `store`, a PGlite data directory on which initdb has run (nothing else). */
async function freshPgliteDir(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'streamdash-store-'));
  cpSync(await pgliteTemplate(), join(dir, 'store'), { recursive: true });
  return dir;
}

/**
 * PGlite's initdb takes seconds of CPU per data directory, against a tenth of a
 * second to copy one, so the first test process makes a template once per
 * PGlite version and later ones copy it.
 */
async function pgliteTemplate(): Promise<string> {
  // Per user too: the template is private to whoever made it.
  const template = join(tmpdir(), `streamdash-test-pglite-${pgliteVersion()}-uid${process.getuid?.() ?? 0}`);
  if (existsSync(join(template, 'PG_VERSION'))) return template;
  const building = mkdtempSync(`${template}.building-`);
  const db = await PGlite.create(building);
  await db.close();
  try {
    renameSync(building, template);
  } catch {
    // Another test process finished its template first; theirs is as good.
    rmSync(building, { recursive: true, force: true });
  }
  return template;
}

function pgliteVersion(): string {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  let dir = dirname(entry);
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}
