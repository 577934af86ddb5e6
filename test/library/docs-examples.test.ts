import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../helpers/child-process.js';
import { run } from '../helpers/exec.js';
import { ENTRY_POINTS, libraryDocExamples } from './doc-examples.js';

// Inside the repository, so that `import 'streamdash/…'` resolves to this package through its
// own `exports` (a package may import itself by name); test/library/pack.test.ts runs the same
// examples against the installed tarball.
const DIR = join(REPO_ROOT, 'test-artifacts', 'library-docs');

test('docs/library.md has one runnable example per entry point', () => {
  assert.deepEqual(
    libraryDocExamples().map((e) => e.section),
    ENTRY_POINTS.map((e) => `\`${e}\``),
  );
});

for (const [i, example] of libraryDocExamples().entries()) {
  test(`docs/library.md: the ${example.section} example runs`, { timeout: 60_000 }, async () => {
    mkdirSync(DIR, { recursive: true });
    const file = join(DIR, `example-${i}.mjs`);
    writeFileSync(file, example.code);
    try {
      const result = await run(process.execPath, [file], { timeoutMs: 50_000 });
      assert.equal(result.code, 0, `${example.section} example failed:\n${result.stdout}\n${result.stderr}`);
    } finally {
      rmSync(file, { force: true });
    }
  });
}
