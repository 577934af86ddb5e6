import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './child-process.js';
import { run } from './exec.js';
import { PEERS_DIR, requirePeer } from './peers.js';

/**
 * kafka-python 1.3.3 (seeds 000 and 003) made importable by Python 3.7+: the installed package
 * is copied into `<dir>/lib` with its `async` identifier renamed (test/peers/python/rename_async.py
 * renames NAME tokens only). Run `python` with PYTHONPATH=`lib`; `renamed` says where it changed.
 */
export async function kafkaPython133(dir: string): Promise<{ python: string; lib: string; renamed: { places: number; files: Record<string, number> } }> {
  const venv = join(PEERS_DIR, 'python', 'kafka-python-1.3.3');
  const python = requirePeer('kafka-python-1.3.3 (Python venv)', join(venv, 'bin', 'python'));
  const lib = join(dir, 'lib');
  mkdirSync(lib, { recursive: true });
  const r = await run(python, [join(REPO_ROOT, 'test/peers/python/rename_async.py'), join(venv, 'lib', 'python3.11', 'site-packages', 'kafka'), lib], { timeoutMs: 30_000 });
  assert.equal(r.code, 0, r.stderr);
  return { python, lib, renamed: JSON.parse(r.stdout) as { places: number; files: Record<string, number> } };
}
