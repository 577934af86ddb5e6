import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './child-process.js';

/** The git-ignored cache that scripts/install-peers.sh fills. */
export const PEERS_DIR = process.env.PEERS_DIR ?? join(REPO_ROOT, '.peers');

/** The error a test fails with when a peer it needs is not installed: it names the peer, never skips. */
export class MissingPeerError extends Error {
  override readonly name = 'MissingPeerError';
  constructor(peer: string, path: string) {
    super(`peer ${peer} is not installed (looked for ${path}); run bash scripts/install-peers.sh (the .peers cache) or, as root, bash scripts/install-test-deps.sh (Debian packages)`);
  }
}

/** Returns `path` when it exists; otherwise fails the calling test, naming the peer. */
export function requirePeer(peer: string, path: string): string {
  if (!existsSync(path)) throw new MissingPeerError(peer, path);
  return path;
}
