import { recordCompat } from './compat-results.js';

/** Which peer a compat test file exercises, as the report names it. */
export interface Peer {
  client: string;
  version: string;
  /** 'kafka' when streamdash's own part ran on a real Apache Kafka of `version` (see CompatResult.on). */
  on?: 'kafka';
}

/** What went wrong, on one line, short enough for a cell of the report. */
function summary(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ').trim().slice(0, 300);
}

/**
 * Runs the checks of one capability and records the outcome: pass when they hold, fail
 * (with a summary of what went wrong) when they do not; the error is rethrown so the
 * test fails too.
 */
export async function checkCapability(peer: Peer, capability: string, checks: () => Promise<void>): Promise<void> {
  try {
    await checks();
  } catch (err) {
    recordCompat({ ...peer, capability, outcome: 'fail', detail: summary(err) });
    throw err;
  }
  recordCompat({ ...peer, capability, outcome: 'pass' });
}

/**
 * A capability the broker does not serve yet. `checks` asserts that it fails the way it
 * does today; then 'expected-fail' is recorded with `issue`. When the checks stop holding
 * (the capability started working, or fails differently) the test fails and says so, so
 * the expectation is updated instead of going stale.
 */
export async function expectFailure(peer: Peer, capability: string, issue: string, checks: () => Promise<void>): Promise<void> {
  try {
    await checks();
  } catch (err) {
    recordCompat({ ...peer, capability, outcome: 'fail', detail: `no longer fails as expected (${issue}): ${summary(err)}` });
    throw new Error(`${peer.client} ${capability} no longer fails the way ${issue} expects; if it works now, make it a passing check:\n${summary(err)}`, { cause: err });
  }
  recordCompat({ ...peer, capability, outcome: 'expected-fail', detail: issue });
}
