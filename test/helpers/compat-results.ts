import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { REPO_ROOT } from './child-process.js';

/**
 * What the compat tests observed, one JSON line per outcome. docs/compatibility.md is
 * generated from this file (never written by hand), so a claim exists only if a test made it.
 */
export const COMPAT_RESULTS = process.env.STREAMDASH_COMPAT_RESULTS ?? join(REPO_ROOT, 'test-artifacts', 'compat-results.jsonl');

export type CompatOutcome = 'pass' | 'fail' | 'expected-fail';

export interface CompatResult {
  /** The peer, as people name it: `kafka-clients`, `franz-go`, `kafka-python`, `kcat`… */
  client: string;
  /** The exact version that ran. */
  version: string;
  /** produce, consume, groups, compression, idempotence, transactions, admin, configs… */
  capability: string;
  outcome: CompatOutcome;
  /** For expected failures: the issue that will make it pass. For failures: what went wrong. */
  detail?: string;
  /**
   * 'kafka' when the roles turn round: streamdash's own parts (client names the part, such as
   * `streamdash demo`) ran on a real Apache Kafka (version is Kafka's). Omitted for a peer
   * against the embedded broker.
   */
  on?: 'kafka';
}

export function recordCompat(result: CompatResult): void {
  mkdirSync(dirname(COMPAT_RESULTS), { recursive: true });
  appendFileSync(COMPAT_RESULTS, JSON.stringify({ ...result, at: new Date().toISOString() }) + '\n');
}
