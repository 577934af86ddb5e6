import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MessageSpec } from '../../../src/protocol/schema.js';
import type { KafkaMessage } from '../../helpers/kafka-specs.js';
import { stripLineComments } from '../../helpers/kafka-specs.js';
import { camelName, compareMessage, showVersions } from './kafka-spec-diff.js';

// The comparator of kafka-specs.test.ts, on small specs made here: it must see every kind of
// difference, or the comparison with Kafka's JSON would pass for the wrong reason.
const KAFKA: KafkaMessage = {
  apiKey: 99,
  type: 'response',
  name: 'ToyResponse',
  validVersions: '0-5',
  flexibleVersions: '3+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '1+' },
    { name: 'Items', type: '[]Item', versions: '0+' },
    { name: 'Leader', type: 'LeaderInfo', versions: '3+', taggedVersions: '3+', tag: 0 },
    { name: 'TopicId', type: 'uuid', versions: '6+' },
  ],
  commonStructs: [
    {
      name: 'Item',
      versions: '0+',
      fields: [
        { name: 'Name', type: 'string', versions: '0+', nullableVersions: '2+' },
        { name: 'Size', type: 'int64', versions: '0+' },
      ],
    },
    { name: 'LeaderInfo', versions: '0+', fields: [{ name: 'LeaderId', type: 'int32', versions: '0+' }] },
  ],
};

const SAME: MessageSpec = {
  name: 'ToyResponse',
  validVersions: '0-5',
  flexibleVersions: '3+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '1-5' },
    {
      name: 'items',
      type: '[]Item',
      versions: '0+',
      fields: [
        { name: 'name', type: 'string', versions: '0+', nullableVersions: '2+' },
        { name: 'size', type: 'int64', versions: '0+' },
      ],
    },
    {
      name: 'leader',
      type: 'LeaderInfo',
      versions: '3+',
      taggedVersions: '3+',
      tag: 0,
      fields: [{ name: 'leaderId', type: 'int32', versions: '0+' }],
    },
  ],
};

const ALL = [0, 1, 2, 3, 4, 5];

test('a schema equal to Kafka over the compared versions has no difference (0+ is 0-5 there, later fields do not count)', () => {
  assert.deepEqual(compareMessage('x', SAME, KAFKA, ALL, true), []);
});

test('every kind of difference is said, with its path in our names', () => {
  const [throttle, items, leader] = SAME.fields;
  const [name, size] = items.fields!;
  const wrong: MessageSpec = {
    ...SAME,
    flexibleVersions: '4+',
    fields: [
      { ...throttle, versions: '0+' },
      { ...items, fields: [size, { ...name, nullableVersions: '3+' }] },
      { ...leader, tag: 1, fields: [{ name: 'leaderID', type: 'int32', versions: '0+' }] },
      { name: 'extra', type: 'int8', versions: '2+' },
    ],
  };
  assert.deepEqual(compareMessage('x', wrong, KAFKA, ALL, true), [
    "[x] ToyResponse: flexibleVersions ours 4-5, Kafka's 3-5",
    "[x] ToyResponse throttleTimeMs: versions ours 0-5, Kafka's 1-5",
    "[x] ToyResponse items.name: nullableVersions ours 3-5, Kafka's 2-5",
    "[x] ToyResponse items: field order ours size, name; Kafka's name, size",
    "[x] ToyResponse leader: tag ours 1, Kafka's 0",
    "[x] ToyResponse leader.leaderId: missing (Kafka's versions 0-5)",
    "[x] ToyResponse leader.leaderID: not in Kafka's spec",
    "[x] ToyResponse extra: not in Kafka's spec",
  ]);
});

test('against an older release, renamed fields pair by position and only the wire shape counts', () => {
  const renamed: MessageSpec = {
    ...SAME,
    fields: SAME.fields.map((f) => ({ ...f, name: `${f.name}Renamed`, type: f.type.replace('Item', 'Entry') })),
  };
  assert.deepEqual(compareMessage('old', renamed, KAFKA, ALL, false), []);
  const short: MessageSpec = { ...SAME, fields: SAME.fields.slice(1) };
  assert.deepEqual(compareMessage('old', short, KAFKA, [1, 2], false), [
    "[old] ToyResponse: fields ours items; Kafka's ThrottleTimeMs, Items",
  ]);
});

test('the naming rule and the version ranges as written in a difference', () => {
  assert.equal(camelName('GroupInstanceId'), 'groupInstanceId');
  assert.equal(showVersions([]), 'none');
  assert.equal(showVersions([0, 1, 2, 5, 7, 8]), '0-2, 5, 7-8');
});

test("Kafka's // comments go, but not a // inside a string", () => {
  const text = '{\n  // Version 1 adds X.\n  "about": "see http://kafka.apache.org", // trailing\n  "n": "a \\" // b"\n}';
  assert.deepEqual(JSON.parse(stripLineComments(text)), { about: 'see http://kafka.apache.org', n: 'a " // b' });
});
