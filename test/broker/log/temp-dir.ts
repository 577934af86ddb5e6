import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';

/** A fresh partition-folder path under a temp root removed when the test file ends. */
export function tempPartitionDir(name = 'topic-0'): string {
  const root = mkdtempSync(join(tmpdir(), 'streamdash-log-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  return join(root, name);
}
