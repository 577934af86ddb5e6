import { existsSync, statSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { basename, extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Topology } from '../../stream/index.js';
import type { StreamJob } from '../../stream/runtime/index.js';
import { TypeScriptMissingError, UserJobError, userStack } from './errors.js';
import type { HookData } from './ts-hooks.js';

const TYPESCRIPT = new Set(['.ts', '.mts', '.cts']);
const JAVASCRIPT = new Set(['.js', '.mjs', '.cjs']);

/**
 * Imports the user's job module and returns its job. The default export is a topology
 * (the job is named after the file) or a job object `{ name, topology, counters? }`,
 * the shape the built-in jobs have.
 */
export async function loadUserJob(file: string, builtIns: readonly string[]): Promise<StreamJob> {
  const path = resolve(file);
  const ext = extname(path);
  if (!existsSync(path) || !statSync(path).isFile()) {
    const hint = ext === '' ? `; the built-in jobs are ${builtIns.join(', ')}, or give the path of your own job module (.ts, .js or .mjs)` : '; check the path';
    throw new UserJobError(`no job "${file}": there is no such file${hint}`);
  }
  if (!TYPESCRIPT.has(ext) && !JAVASCRIPT.has(ext)) throw new UserJobError(`${file}: a job is a .ts, .mts, .js or .mjs module, not ${ext || 'a file without extension'}`);
  // Stack traces then point into the user's .ts source, through the inline maps of the transpiled code.
  process.setSourceMapsEnabled(true);
  if (TYPESCRIPT.has(ext)) registerTypeScript(path, file);
  let module: { default?: unknown };
  try {
    module = (await import(pathToFileURL(path).href)) as { default?: unknown };
  } catch (error) {
    throw new UserJobError(`${file} failed to load:\n${userStack(error)}`, { cause: error });
  }
  return jobOf(module.default, file);
}

function registerTypeScript(path: string, file: string): void {
  let typescript: string;
  try {
    typescript = createRequire(path).resolve('typescript');
  } catch {
    throw new TypeScriptMissingError(file);
  }
  register<HookData>(new URL('./ts-hooks.js', import.meta.url), { data: { typescript } });
}

const EXPECTED = 'export default a topology (new StreamBuilder() … .build()) or a job { name, topology, counters? }';

function jobOf(exported: unknown, file: string): StreamJob {
  const name = basename(file, extname(file));
  if (isTopology(exported, file)) return { name, topology: exported };
  if (typeof exported !== 'object' || exported === null) {
    throw new UserJobError(`${file}: its default export is ${exported === undefined ? 'missing' : typeof exported}; ${EXPECTED}`);
  }
  const job = exported as Partial<Record<keyof StreamJob, unknown>>;
  if (!isTopology(job.topology, file)) throw new UserJobError(`${file}: its default export has no topology; ${EXPECTED}`);
  if (typeof job.name !== 'string' || job.name === '') throw new UserJobError(`${file}: the job's name must be a non-empty string; ${EXPECTED}`);
  if (job.counters !== undefined && typeof job.counters !== 'function') {
    throw new UserJobError(`${file}: the job's counters must be a function returning { name: number } (e.g. () => counters.snapshot() of a JobCounters)`);
  }
  return exported as StreamJob;
}

function isTopology(value: unknown, file: string): value is Topology {
  if (value instanceof Topology) return true;
  if (typeof value === 'object' && value !== null && (value as { constructor?: { name?: string } }).constructor?.name === 'Topology') {
    throw new UserJobError(
      `${file} builds its topology with another copy of streamdash than the one running it; run it with the streamdash its project depends on (\`npx streamdash run ${file}\`)`,
    );
  }
  return false;
}
