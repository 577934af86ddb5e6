import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ChangelogFormatError } from '../../../src/stream/errors.js';
import { decodeChangelogRecord, encodeEntry, encodeMarker, type CheckpointMarker } from '../../../src/stream/state/changelog-format.js';

test('an entry key is version, type, uint16 name length, name, then the store key', () => {
  const record = encodeEntry('counts', 'window', { key: Buffer.from([9, 9]), value: Buffer.from('v') });
  assert.deepEqual([...record.key], [1, 2, 0, 6, ...Buffer.from('counts'), 9, 9]);
  assert.equal(record.value!.toString(), 'v');
  const decoded = decodeChangelogRecord(record);
  assert.deepEqual(decoded, { type: 'entry', store: 'counts', kind: 'window', change: { key: Buffer.from([9, 9]), value: Buffer.from('v') } });
});

test('store kinds map to types 1, 2, 3 and tombstones keep a null value', () => {
  for (const [kind, type] of [['key-value', 1], ['window', 2], ['session', 3]] as const) {
    const record = encodeEntry('s', kind, { key: Buffer.alloc(0), value: null });
    assert.equal(record.key[1], type);
    const decoded = decodeChangelogRecord(record);
    assert.equal(decoded.type === 'entry' && decoded.kind, kind);
    assert.equal(record.value, null);
  }
});

test('a marker is key [1, 0] with its JSON as value', () => {
  const marker: CheckpointMarker = {
    checkpoint: 3,
    full: false,
    positions: { sex: 42 },
    sequence: 7,
    dedup: { 'app-x-repartition': { '0': 5 } },
    operators: { 'count-0003': { closedThrough: 1000 } },
  };
  const record = encodeMarker(marker);
  assert.deepEqual([...record.key], [1, 0]);
  assert.deepEqual(JSON.parse(record.value!.toString()), marker);
  assert.deepEqual(decodeChangelogRecord(record), { type: 'marker', marker });
});

test('foreign or damaged records are refused with what to do', () => {
  for (const key of [Buffer.alloc(0), Buffer.from([2, 1, 0, 0]), Buffer.from([1, 9, 0, 0]), Buffer.from([1, 1])]) {
    assert.throws(() => decodeChangelogRecord({ key, value: null }), ChangelogFormatError, key.toString('hex'));
  }
  assert.throws(() => decodeChangelogRecord({ key: Buffer.from([1, 0]), value: null }), /reset/);
});
