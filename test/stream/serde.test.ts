import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SerdeError } from '../../src/stream/errors.js';
import { serdes } from '../../src/stream/serde.js';

test('string, buffer and json serdes round-trip their values', () => {
  assert.equal(serdes.string.deserialize(serdes.string.serialize('淘宝 0')), '淘宝 0');
  const bytes = Buffer.from([0, 255]);
  assert.equal(serdes.buffer.serialize(bytes), bytes);
  const json = serdes.json<{ a: number[]; b: null }>();
  assert.deepEqual(json.deserialize(json.serialize({ a: [1, 2], b: null })), { a: [1, 2], b: null });
  assert.equal(serdes.json<string>().serialize('1').toString(), '"1"');
});

test('json refuses what it cannot carry, saying what to do', () => {
  assert.throws(() => serdes.json().serialize(undefined), (err: unknown) => err instanceof SerdeError && /give a serde/.test(err.message));
  assert.throws(() => serdes.json().deserialize(Buffer.from('{oops')), (err: unknown) => err instanceof SerdeError && /serde that matches/.test(err.message));
});
