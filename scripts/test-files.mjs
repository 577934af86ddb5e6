// Which compiled test files exist, what each one needs, and whether that is installed.
//
// A test file says what it needs in a marker comment among its first lines (in test/…ts):
//   // needs: kcat, python3-kafka     the real programs it talks to; it belongs to the peer part
//   // alone: why                     it must not share the machine with other test files
// A file without `needs:` is a unit test: no external program, no root, nothing installed.
// `root` among the needs: the file must run as root (it mounts a filesystem); no installer gives that.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { delimiter, join, relative } from 'node:path';

export const ROOT = new URL('..', import.meta.url).pathname.replace(/\/$/, '');
export const PEERS_DIR = process.env.PEERS_DIR ?? join(ROOT, '.peers');

const onPath = (cmd) => (process.env.PATH ?? '').split(delimiter).some((d) => isExecutable(join(d, cmd)));
const pgBin = () =>
  process.env.STREAMDASH_PG_BIN ??
  (existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').map((v) => `/usr/lib/postgresql/${v}/bin`) : []).find((d) => isExecutable(join(d, 'pg_ctl')));

/**
 * Every peer a marker may name: the Debian package that provides it (installed by
 * scripts/install-test-deps.sh) and how to tell that it is there. `peers/<dir>`
 * names a folder of the cache scripts/install-peers.sh fills (.peers/m2, .peers/go…).
 */
const DEBIAN_PEERS = {
  kcat: () => onPath('kcat'),
  zstd: () => onPath('zstd'),
  // TLS tests make their certificates with it: node:crypto cannot issue X.509 certificates.
  openssl: () => onPath('openssl'),
  // Debian's kafka-python lives in the system interpreter, not in a pyenv one.
  'python3-kafka': () => spawnSync('/usr/bin/python3', ['-c', 'import kafka']).status === 0,
  postgresql: () => pgBin() !== undefined,
  chromium: () => isExecutable('/usr/bin/chromium'),
  'fonts-wqy-microhei': () => existsSync('/usr/share/fonts/truetype/wqy/wqy-microhei.ttc'),
};

/** Needs that no installer meets: the test must run as root (it mounts a filesystem). */
export const SYSTEM_NEEDS = {
  root: () => process.getuid?.() === 0,
};

/** Whether `peer` (a name checked by testFiles) is installed here. */
export function peerPresent(peer) {
  if (peer.startsWith('peers/')) return existsSync(join(PEERS_DIR, peer.slice('peers/'.length)));
  if (peer in SYSTEM_NEEDS) return SYSTEM_NEEDS[peer]();
  return DEBIAN_PEERS[peer]();
}

/** The Debian packages among `peers` (the rest come from scripts/install-peers.sh). */
export const debianPackages = (peers) => peers.filter((p) => p in DEBIAN_PEERS);

/** Every dist/test/**\/*.test.js with its markers, read from its TypeScript source. */
export function testFiles() {
  return collect(join(ROOT, 'dist/test')).map((file) => {
    const source = join(ROOT, relative(join(ROOT, 'dist'), file)).replace(/\.js$/, '.ts');
    const head = readFileSync(existsSync(source) ? source : file, 'utf8').split('\n').slice(0, 15);
    const marker = (name) => head.map((l) => new RegExp(`^//\\s*${name}:\\s*(.*)$`).exec(l.trim())?.[1]).find((v) => v !== undefined);
    const needs = (marker('needs') ?? '').replace(/\(.*?\)/g, '').split(',').map((p) => p.trim()).filter(Boolean);
    for (const p of needs) checkPeerName(p, file);
    return { file, name: relative(join(ROOT, 'dist'), file), needs, alone: marker('alone') };
  });
}

function checkPeerName(peer, file) {
  if (!peer.startsWith('peers/') && !(peer in DEBIAN_PEERS) && !(peer in SYSTEM_NEEDS)) throw new Error(`${relative(ROOT, file)}: unknown peer "${peer}" in its // needs: marker; known: ${[...Object.keys(DEBIAN_PEERS), ...Object.keys(SYSTEM_NEEDS)].join(', ')}, peers/<folder of .peers>`);
}

function collect(dir) {
  if (!existsSync(dir)) return [];
  let out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out = out.concat(collect(p));
    else if (name.endsWith('.test.js')) out.push(p);
  }
  return out;
}

function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
