import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { JuteError, JuteReader, JuteWriter } from '../../../src/broker/zookeeper/jute.js';
import { ZkErr } from '../../../src/broker/zookeeper/records.js';
import { ZkError, ZnodeTree } from '../../../src/broker/zookeeper/tree.js';
import { tempDir } from '../../helpers/broker.js';

const PERSISTENT = { ephemeralOwner: 0n, sequential: false };

test('jute: ints, longs, booleans, buffers and strings round-trip, -1 lengths are null, a frame is length-prefixed', () => {
  const w = new JuteWriter().int(-7).long(2n ** 40n).bool(true).buffer(Buffer.from('ab')).buffer(null).ustring('zk').ustring(null);
  const bytes = w.toBuffer();
  assert.deepEqual([...bytes.subarray(0, 4)], [0xff, 0xff, 0xff, 0xf9]);
  const r = new JuteReader(bytes);
  assert.equal(r.int(), -7);
  assert.equal(r.long(), 2n ** 40n);
  assert.equal(r.bool(), true);
  assert.deepEqual(r.buffer(), Buffer.from('ab'));
  assert.equal(r.buffer(), null);
  assert.equal(r.ustring(), 'zk');
  assert.equal(r.ustring(), null);
  assert.equal(r.remaining, 0);
  const frame = w.toFrame();
  assert.equal(frame.readInt32BE(0), bytes.length);
  assert.deepEqual(frame.subarray(4), bytes);
});

test('jute: a frame that ends inside a record is a JuteError naming what was cut', () => {
  assert.throws(() => new JuteReader(Buffer.from([0, 0])).int(), (e: unknown) => e instanceof JuteError && /inside an int/.test(e.message));
  assert.throws(() => new JuteReader(new JuteWriter().int(10).toBuffer()).buffer(), JuteError);
});

test('tree: persistent znodes survive a reopen with their data and versions; ephemeral ones do not', () => {
  const dir = tempDir('streamdash-zk-tree-');
  const file = join(dir, 'tree.json');
  try {
    const tree = new ZnodeTree(file);
    let zxid = tree.begin();
    tree.create('/a', Buffer.from('one'), [], PERSISTENT, zxid);
    tree.create('/a/e', null, [], { ephemeralOwner: 42n, sequential: false }, zxid);
    tree.commit();
    zxid = tree.begin();
    tree.setData('/a', Buffer.from('two'), 0, zxid);
    const seq = tree.create('/a/s-', null, [], { ephemeralOwner: 0n, sequential: true }, zxid);
    tree.commit();
    assert.equal(seq, '/a/s-0000000001');

    const reopened = new ZnodeTree(file);
    const { data, stat } = reopened.getData('/a');
    assert.deepEqual(data, Buffer.from('two'));
    assert.equal(stat.version, 1);
    assert.deepEqual(reopened.getChildren('/a').children.sort(), ['s-0000000001']);
    assert.equal(reopened.has('/a/e'), false);
    assert.ok(reopened.zxid >= tree.zxid, 'zxids continue after a reopen');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('tree: a rolled-back write leaves nothing behind; bad versions and missing parents are ZooKeeper errors', () => {
  const tree = new ZnodeTree();
  let zxid = tree.begin();
  tree.create('/x', null, [], PERSISTENT, zxid);
  tree.commit();
  zxid = tree.begin();
  tree.create('/x/y', null, [], PERSISTENT, zxid);
  tree.setData('/x', Buffer.from('v'), 0, zxid);
  tree.rollback();
  assert.equal(tree.has('/x/y'), false);
  assert.equal(tree.getData('/x').stat.version, 0);
  assert.equal(tree.getData('/x').stat.cversion, 0);

  zxid = tree.begin();
  assert.throws(() => tree.setData('/x', null, 5, zxid), (e: unknown) => e instanceof ZkError && e.code === ZkErr.BAD_VERSION);
  assert.throws(() => tree.create('/no/such', null, [], PERSISTENT, zxid), (e: unknown) => e instanceof ZkError && e.code === ZkErr.NO_NODE);
  tree.rollback();
});
