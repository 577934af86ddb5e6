import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeEntry, encodeMarker } from '../../../src/stream/state/changelog-format.js';
import { cleanupTombstones, compareOwners, decodeOwner, dropFencedWrites, encodeOwner, NO_OWNER, ownedKey, plainKey, type Owner, type OwnedRecord } from '../../../src/stream/runtime/changelog-owner.js';

const entry = (key: string, value: string, owner: Owner): OwnedRecord => ({
  ...encodeEntry('store', 'key-value', { key: Buffer.from(key), value: Buffer.from(value) }),
  owner,
});
const marker = (checkpoint: number, owner: Owner): OwnedRecord => ({
  ...encodeMarker({ checkpoint, full: false, positions: { in: checkpoint }, sequence: 0, dedup: {}, operators: {} }),
  owner,
});
const A: Owner = { epoch: 1, generation: 3 };
const B: Owner = { epoch: 2, generation: 5 };
const valuesOf = (records: { key: Buffer; value: Buffer | null }[]) => records.map((r) => r.value!.toString());

test('the owner stamp round-trips, and a missing or foreign header reads as no owner', () => {
  assert.deepEqual(decodeOwner(encodeOwner(B)), B);
  assert.deepEqual(decodeOwner(undefined), NO_OWNER);
  assert.deepEqual(decodeOwner(Buffer.from('xyz')), NO_OWNER);
  assert.ok(compareOwners(A, B) < 0 && compareOwners({ epoch: 2, generation: 4 }, B) < 0 && compareOwners(B, B) === 0);
});

test('records of one owner pass through in order', () => {
  const { records, latest } = dropFencedWrites([entry('k', 'a1', A), marker(1, A), entry('k', 'a2', A), marker(2, A)]);
  assert.equal(records.length, 4);
  assert.deepEqual(latest, A);
});

test('what an instance that lost the task writes after the new owner claimed it is dropped, marker and all', () => {
  const log = [entry('k', 'a1', A), marker(1, A), entry('k', 'b-claim', B), marker(2, B), entry('k', 'a-zombie', A), marker(2, A), entry('k', 'b2', B), marker(3, B)];
  const { records, latest } = dropFencedWrites(log);
  assert.deepEqual(valuesOf(records.filter((r) => r.value !== null && r.key[1] !== 0)), ['a1', 'b-claim', 'b2']);
  assert.deepEqual(latest, B);
});

test('an unfinished checkpoint of the previous owner is dropped when the new owner writes, even though a marker follows', () => {
  // The zombie's entries land between the new owner's read and its claim; the claim's marker must not apply them.
  const log = [entry('k', 'a1', A), marker(1, A), entry('z', 'a-half', A), entry('k', 'b-claim', B), marker(2, B)];
  const { records } = dropFencedWrites(log);
  assert.deepEqual(valuesOf(records.filter((r) => r.key[1] !== 0)), ['a1', 'b-claim']);
});

test('on the topic a key carries its owner, so compaction keeps owners apart; read back it is the version-1 key again', () => {
  const plain = entry('k', 'v', A).key;
  const a = ownedKey(plain, encodeOwner(A));
  const b = ownedKey(plain, encodeOwner(B));
  assert.notDeepEqual(a, b, "a zombie's write of a key does not replace the new owner's");
  assert.deepEqual([a[0], a[1], decodeOwner(a.subarray(2, 10))], [2, plain[1], A]);
  assert.deepEqual(plainKey(a), plain);
  assert.deepEqual(plainKey(plain), plain, 'keys of changelogs written before owners were in keys read as they are');
  const m = marker(1, A).key;
  assert.deepEqual(plainKey(ownedKey(m, encodeOwner(B))), m);
});

test("a claim's cleanup tombstones: one per key whose latest record still has a value", () => {
  const k = (s: string) => Buffer.from(s);
  const tombstones = cleanupTombstones([
    { key: k('a'), value: k('1') },
    { key: k('b'), value: k('1') },
    { key: k('a'), value: k('2') },
    { key: k('b'), value: null },
    { key: k('c'), value: null },
    { key: k('c'), value: k('3') },
  ]);
  assert.deepEqual(
    tombstones.map((t) => [t.key.toString(), t.value]),
    [
      ['a', null],
      ['c', null],
    ],
  );
});
