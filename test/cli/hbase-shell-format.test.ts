import assert from 'node:assert/strict';
import { test } from 'node:test';
import { longBytes, toStringBinary } from '../../src/cli/hbase-shell-format.js';

test('a counter shows as HBase shows a long: printable bytes as they are, every other byte as \\xHH', () => {
  assert.equal(toStringBinary(longBytes(0)), '\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00');
  assert.equal(toStringBinary(longBytes(65)), '\\x00\\x00\\x00\\x00\\x00\\x00\\x00A');
  assert.equal(toStringBinary(longBytes(27)), '\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x1B');
  assert.equal(toStringBinary(longBytes(-1)), '\\xFF\\xFF\\xFF\\xFF\\xFF\\xFF\\xFF\\xFF');
  // Space and the punctuation Bytes.toStringBinary keeps; the backslash itself is escaped.
  assert.equal(toStringBinary(Buffer.from(' a_1.?\\\n')), ' a_1.?\\x5C\\x0A');
});
