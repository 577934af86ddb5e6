// needs: peers/go
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertOk, goPeer } from '../helpers/peer-programs.js';
import { peerSuite } from './peer-suite.js';

// franz-go (kgo and kadm) from test/peers/go, built by scripts/peers/go.sh.
const suite = peerSuite({
  client: 'franz-go',
  peer: goPeer('franz-go'),
  codecs: ['gzip', 'snappy', 'lz4', 'zstd'],
  idempotence: true,
  transactions: true,
});
const { peer, capability } = suite;

test('franz-go kadm: creates, lists, describes and deletes a topic', () =>
  capability('admin', async () => {
    const made = assertOk(await peer('create-topic', { topic: 'admin-made', partitions: 4 }), 'create-topic');
    assert.equal(made.done?.partitions, 4);
    const listed = assertOk(await peer('list-topics', { topic: '-' }), 'list-topics');
    assert.ok((listed.done?.topics as string[]).includes('admin-made'), `admin-made not listed: ${JSON.stringify(listed.done)}`);
    const described = assertOk(await peer('describe-topic', { topic: 'admin-made' }), 'describe-topic');
    assert.deepEqual(described.done?.partitions, [0, 1, 2, 3].map((partition) => ({ partition, leader: 1, replicas: [1] })));
    assertOk(await peer('delete-topic', { topic: 'admin-made' }), 'delete-topic');
    const after = assertOk(await peer('list-topics', { topic: '-' }), 'list-topics after the delete');
    assert.ok(!(after.done?.topics as string[]).includes('admin-made'), 'admin-made is still listed after its delete');
  }));

// kadm's config and record-deletion calls, each checked in what kadm reports back.
test('franz-go kadm: describe-configs and alter-configs', () =>
  capability('configs', async () => {
    assertOk(await peer('produce', { topic: 'for-kadm-configs', count: 5 }), 'produce');
    const described = assertOk(await peer('describe-configs', { topic: 'for-kadm-configs' }), 'describe-configs');
    assert.equal((described.done?.configs as Record<string, string>)['cleanup.policy'], 'delete');
    assert.equal(assertOk(await peer('alter-configs', { topic: 'for-kadm-configs' }), 'alter-configs').done?.count, 1);
  }));

test('franz-go kadm: delete-records moves the low watermark', () =>
  capability('delete-records', async () => {
    assertOk(await peer('produce', { topic: 'for-kadm-delete', count: 5 }), 'produce');
    assert.equal(assertOk(await peer('delete-records', { topic: 'for-kadm-delete', offset: 2 }), 'delete-records').done?.lowWatermark, 2);
  }));
