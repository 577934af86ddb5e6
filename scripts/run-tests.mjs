#!/usr/bin/env node
// Runs every compiled test file with node:test. Node 20's --test takes no globs,
// so the list is gathered here. Test peers (kcat, python3-kafka, postgresql,
// chromium) are installed first through the project's own script.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const peers = spawnSync('bash', [join(root, 'scripts/install-test-deps.sh')], { stdio: 'inherit' });
if (peers.status !== 0) {
  console.error('test peers are missing (see above); the compat, store and browser tests cannot run without them.');
  process.exit(1);
}

function collect(dir) {
  let out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out = out.concat(collect(p));
    else if (name.endsWith('.test.js')) out.push(p);
  }
  return out;
}

const filter = process.argv.slice(2);
let files = collect(join(root, 'dist/test'));
if (filter.length) files = files.filter((f) => filter.some((x) => f.includes(x)));
if (files.length === 0) {
  console.error('no test files found under dist/test; run `npm run build` first');
  process.exit(1);
}
const run = spawnSync(process.execPath, ['--test', '--test-concurrency=1', ...files], { stdio: 'inherit' });
process.exit(run.status ?? 1);
