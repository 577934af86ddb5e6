import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DeadLetterFile } from '../../src/apps/dead-letter.js';

test('nothing is created until a record is set aside; each is one JSON line with line, reason and text', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'streamdash-dl-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'sub', 'bad.jsonl');
  const dl = new DeadLetterFile(path);
  dl.close();
  assert.equal(existsSync(path), false);

  const again = new DeadLetterFile(path);
  again.write({ line: 3, reason: 'expected 11 columns, found 10', text: 'a,b\tc' });
  again.write({ line: 9, reason: 'user_id "x1" is not a number', text: 'x1,"q"' });
  again.write({ line: 12, reason: 'user_id "zz" is not a number', text: 'zz' });
  again.close();
  const lines = readFileSync(path, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(lines[0], { line: 3, reason: 'expected 11 columns, found 10', text: 'a,b\tc' });
  assert.equal(lines[1].text, 'x1,"q"');
  assert.equal(again.count, 3);
  assert.deepEqual(
    [...again.byReason],
    [
      ['expected N columns, found N', 1],
      ['user_id is not a number', 2],
    ],
  );
});
