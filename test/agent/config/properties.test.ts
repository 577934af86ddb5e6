import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseProperties, PropertiesSyntaxError } from '../../../src/agent/config/properties.js';

const kv = (text: string) => parseProperties(text).map(({ key, value }) => [key, value]);

test('separators: =, : and whitespace, with spaces around them dropped', () => {
  assert.deepEqual(kv('a = 1\nb:2\nc 3\nd\t=\t4\n  e=5'), [
    ['a', '1'],
    ['b', '2'],
    ['c', '3'],
    ['d', '4'],
    ['e', '5'],
  ]);
});

test('# and ! lines are comments, blank lines are skipped, line numbers are kept', () => {
  const entries = parseProperties('# one\n! two\n\n   \nkey = v\n');
  assert.deepEqual(entries, [{ key: 'key', value: 'v', line: 5 }]);
});

test('a backslash at the end of a line continues it, dropping the next line’s leading spaces', () => {
  assert.deepEqual(kv('cmd = tail -F \\\n      /tmp/data.log\n'), [['cmd', 'tail -F /tmp/data.log']]);
  assert.deepEqual(kv('k = a\\\\\nnext = b'), [
    ['k', 'a\\'],
    ['next', 'b'],
  ]);
});

test('escapes: \\t \\n \\uXXXX, escaped separators in keys, and a lone backslash drops', () => {
  assert.deepEqual(kv('a\\=b = x\\ty\\u4e2d\\q'), [['a=b', 'x\ty中q']]);
  assert.deepEqual(kv('a\\ b = 1'), [['a b', '1']]);
});

test('CRLF files read the same as LF ones, and an empty value is empty', () => {
  assert.deepEqual(kv('a = 1\r\nb =\r\n'), [
    ['a', '1'],
    ['b', ''],
  ]);
});

test('a malformed \\u escape is an error naming the line', () => {
  assert.throws(() => parseProperties('a = 1\nb = \\u12G4'), (err: unknown) => err instanceof PropertiesSyntaxError && /line 2/.test((err as Error).message));
});
