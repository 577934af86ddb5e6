#!/usr/bin/env node
// Runs the compiled tests in two parts (docs/testing.md):
//   the unit part: files with no `// needs:` marker; they need no root and nothing installed;
//   the peer part: files that talk to real programs (kcat, PostgreSQL, Chromium, Kafka's jars…).
// While the unit part runs, the installers (scripts/install-test-deps.sh, scripts/install-peers.sh)
// run in the background; the peer part starts once they are done. A peer file whose peer is still
// missing fails, naming it: never skipped.
//
//   node scripts/run-tests.mjs [--unit | --peers] [--concurrency N] [substring…]
//
// Files run side by side (--concurrency, default 3), except those marked `// alone:`, which run
// one at a time after the others. Every part's results go through one node:test reporter, whose
// summary (over both parts, duration_ms being the suite's wall time) is the last thing printed.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { run } from 'node:test';
import { spec, tap } from 'node:test/reporters';
import { debianPackages, peerPresent, ROOT, SYSTEM_NEEDS, testFiles } from './test-files.mjs';

const started = Date.now();
const args = process.argv.slice(2);
const only = args.includes('--unit') ? 'unit' : args.includes('--peers') ? 'peers' : 'all';
const concurrencyAt = args.indexOf('--concurrency');
const concurrency = concurrencyAt >= 0 ? Number(args[concurrencyAt + 1]) : Number(process.env.STREAMDASH_TEST_CONCURRENCY ?? 3);
const filters = args.filter((a, i) => !a.startsWith("--") && (concurrencyAt < 0 || i !== concurrencyAt + 1));
if (!Number.isInteger(concurrency) || concurrency < 1) fail(`--concurrency takes a whole number of files at once, e.g. 3; got ${args[concurrencyAt + 1]}`);

let files = testFiles();
if (files.length === 0) fail('no test files found under dist/test; run `npm run build` first');
if (filters.length) files = files.filter((f) => filters.some((x) => f.name.includes(x)));
const unit = only === 'peers' ? [] : files.filter((f) => f.needs.length === 0);
const peer = only === 'unit' ? [] : files.filter((f) => f.needs.length > 0);
if (unit.length + peer.length === 0) fail(`no test file matches ${filters.join(', ')}`);

const installers = peer.length ? startInstallers() : Promise.resolve([]);

// A whole run (every peer file) observes every compat claim afresh, and docs/compatibility.md is
// made from what it saw; a partial run leaves both as they are.
const COMPAT_RESULTS = join(ROOT, 'test-artifacts', 'compat-results.jsonl');
const wholeRun = only === 'all' && filters.length === 0;
if (wholeRun) rmSync(COMPAT_RESULTS, { force: true });

const SUMMARY = /^(tests|suites|pass|fail|cancelled|skipped|todo|duration_ms) ([\d.]+)$/;
const totals = { tests: 0, suites: 0, pass: 0, fail: 0, cancelled: 0, skipped: 0, todo: 0 };
const fileMs = [];
let testNumber = 0;

const note = (message) => ({ type: 'test:diagnostic', data: { nesting: 0, message } });
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

/** One node:test run over `group`, its files side by side except the `alone` ones; its summary is kept for ours. */
async function* part(group) {
  const together = group.filter((f) => !f.alone).map((f) => f.file);
  const alone = group.filter((f) => f.alone).map((f) => f.file);
  for (const [batch, n] of [[together, concurrency], [alone, 1]]) {
    if (batch.length === 0) continue;
    for await (const event of run({ files: batch, concurrency: n })) {
      const { type, data } = event;
      const summary = type === 'test:diagnostic' && data.nesting === 0 && data.file === undefined && SUMMARY.exec(data.message);
      if (summary) {
        if (summary[1] in totals) totals[summary[1]] += Number(summary[2]);
        continue;
      }
      if (type === 'test:plan' && data.nesting === 0) continue;
      if (type === 'test:complete' && data.nesting === 0 && data.name === data.file) fileMs.push([data.file, data.details.duration_ms]);
      if ((type === 'test:pass' || type === 'test:fail') && data.nesting === 0) data.testNumber = ++testNumber;
      yield event;
    }
  }
}

/** A failed test standing for a file that was not run because a peer it needs is missing. */
function missingPeer(f, missing) {
  totals.tests++;
  totals.fail++;
  const error = new Error(`${f.name} needs ${missing.join(', ')}, not installed here; ${installHint(missing)}`);
  error.stack = `MissingPeerError: ${error.message}`;
  const name = `${f.name}: needs ${missing.join(', ')}`;
  return { type: 'test:fail', data: { nesting: 0, name, testNumber: ++testNumber, file: f.file, line: 1, column: 1, details: { duration_ms: 0, error } } };
}

function installHint(peers) {
  const debian = debianPackages(peers);
  const system = peers.filter((p) => p in SYSTEM_NEEDS);
  const hints = [];
  if (system.includes('root')) hints.push('run the tests as root');
  if (debian.length) hints.push(`as root: bash scripts/install-test-deps.sh (or apt-get install ${debian.join(' ')})`);
  if (debian.length + system.length < peers.length) hints.push('bash scripts/install-peers.sh');
  return hints.join('; ');
}

async function* suite() {
  yield note(`test files: ${unit.length} unit, ${peer.length} peer (concurrency ${concurrency}; ${files.filter((f) => f.alone).length} marked alone)`);
  const unitStart = Date.now();
  yield* part(unit);
  const unitMs = Date.now() - unitStart;

  let waitedMs = 0;
  let peerMs = 0;
  if (peer.length) {
    const waitStart = Date.now();
    for (const line of await installers) yield note(line);
    waitedMs = Date.now() - waitStart;
    const peerStart = Date.now();
    const ready = [];
    for (const f of peer) {
      const missing = f.needs.filter((p) => !peerPresent(p));
      if (missing.length) yield missingPeer(f, missing);
      else ready.push(f);
    }
    yield* part(ready);
    peerMs = Date.now() - peerStart;
  }

  for (const [file, ms] of fileMs.sort((a, b) => b[1] - a[1]).slice(0, 5)) yield note(`slow: ${file.slice(ROOT.length + 1)} ${seconds(ms)}`);
  if (unit.length) yield note(`unit part: ${unit.length} files in ${seconds(unitMs)}`);
  if (peer.length) yield note(`peer part: ${peer.length} files in ${seconds(peerMs)}, after ${seconds(waitedMs)} waiting for the installers`);
  if (wholeRun && existsSync(COMPAT_RESULTS)) {
    const report = spawnSync(process.execPath, [join(ROOT, 'scripts/compat-report.mjs'), COMPAT_RESULTS], { encoding: 'utf8' });
    yield note(`compat report: ${(report.stderr || report.stdout).trim()}`);
  }
  yield note(`suite wall time: ${seconds(Date.now() - started)}`);

  yield { type: 'test:plan', data: { nesting: 0, count: testNumber } };
  for (const [name, n] of Object.entries(totals)) yield note(`${name} ${n}`);
  yield note(`duration_ms ${Date.now() - started}`);
}

/**
 * The installers run while the unit part does; their output goes to stderr when they finish, and
 * the promise resolves with one line per installer for the report.
 */
function startInstallers() {
  const one = (script) =>
    new Promise((resolve) => {
      const t0 = Date.now();
      const child = spawn('bash', [`${ROOT}/scripts/${script}`], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      child.on('error', (e) => (out += e.message));
      child.on('close', (code) => {
        if (out.trim()) process.stderr.write(out.trimEnd().replace(/^/gm, `[${script}] `) + '\n');
        const verdict = code === 0 ? 'done' : `FAILED (exit ${code}); the peer files it serves fail below, naming what is missing`;
        resolve(`${script}: ${verdict} in ${seconds(Date.now() - t0)}`);
      });
    });
  const installs = [one('install-peers.sh')];
  const debian = [...new Set(peer.flatMap((f) => debianPackages(f.needs)))];
  if (debian.length) {
    const missing = debian.filter((p) => !peerPresent(p));
    if (missing.length && process.getuid?.() !== 0) {
      installs.push(Promise.resolve(`the peer part needs the Debian packages ${missing.join(' ')}: run npm test as root (it installs them) or install them first; npm run test:unit runs the unit part alone`));
    } else installs.unshift(one('install-test-deps.sh'));
  }
  return Promise.all(installs);
}

function fail(message) {
  console.error(message);
  process.exit(1);
}

const reporter = process.stdout.isTTY ? new spec() : tap;
const out = Readable.from(suite()).compose(reporter);
out.pipe(process.stdout);
out.on('end', () => {
  process.exitCode = totals.fail + totals.cancelled > 0 ? 1 : 0;
});
