import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CompressionType } from '../../src/protocol/records/compression/compression-type.js';
import { inProcessBroker } from '../helpers/broker.js';
import { recordCompat } from '../helpers/compat-results.js';
import { MissingPeerError } from '../helpers/peers.js';
import { assertOk, assertPeerRecords, capturingLogger, fetchBatches, fetchTopicBatches, type Peer, type PeerRun } from '../helpers/peer-programs.js';

/**
 * The tests every Go and Python peer runs against the embedded broker: produce (acks all, 1, 0),
 * consume, groups (committed offsets continue in the next consumer process), each codec it has,
 * idempotence and transactions. Each outcome goes to recordCompat.
 */

export type Codec = 'gzip' | 'snappy' | 'lz4' | 'zstd';

const CODEC_TYPES: Record<Codec, CompressionType> = { gzip: CompressionType.Gzip, snappy: CompressionType.Snappy, lz4: CompressionType.Lz4, zstd: CompressionType.Zstd };

export interface PeerSuiteOptions {
  /** The client as people name it, as recorded: `franz-go`, `kafka-python`… */
  client: string;
  peer: Peer;
  codecs: readonly Codec[];
  idempotence: boolean;
  /** The client has a transactional producer (kafka-go and kafka-python 2.x have none). */
  transactions?: boolean;
  /** For a client with transactions: how its failure reads while the broker has no transaction coordinator (issue 14). */
}

export const PARTITIONS = 3;

export interface SuiteContext {
  bootstrap: () => string;
  port: () => number;
  brokerLog: () => string[];
  /** Runs `fn` as `capability`: a pass is recorded when it returns, a fail (with what went wrong) when it throws. */
  capability: (capability: string, fn: () => Promise<void>) => Promise<void>;
  /** The peer, remembering the version it reported for recordCompat. */
  peer: Peer;
  version: () => string;
}

export function peerSuite(o: PeerSuiteOptions): SuiteContext {
  let broker: Awaited<ReturnType<typeof inProcessBroker>>;
  const log = capturingLogger();
  let version = '?';
  before(async () => {
    broker = await inProcessBroker({ defaultPartitions: PARTITIONS, logger: log.logger });
  });
  after(() => broker?.stop());

  const peer: Peer = async (action, args, timeoutMs) => {
    const r = await o.peer(action, { bootstrap: broker.bootstrap, ...args }, timeoutMs);
    if (r.version !== '?') version = r.version;
    return r;
  };
  const capability = async (cap: string, fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (err) {
      // A missing peer says nothing about compatibility; the test still fails and names it.
      if (!(err instanceof MissingPeerError)) recordCompat({ client: o.client, version, capability: cap, outcome: 'fail', detail: String(err).slice(0, 500) });
      throw err;
    }
    recordCompat({ client: o.client, version, capability: cap, outcome: 'pass' });
  };
  const ctx: SuiteContext = { bootstrap: () => broker.bootstrap, port: () => broker.port, brokerLog: () => log.lines, capability, peer, version: () => version };

  const produced = async (topic: string, count: number, padding = 0) => {
    const batches = await fetchTopicBatches(broker.port, topic, PARTITIONS);
    assertPeerRecords(
      batches.flatMap((b) => b.records),
      count,
      padding,
    );
    return batches;
  };

  test(`${o.client}: produces keyed records with headers at acks all, 1 and 0; the broker holds exactly those bytes`, () =>
    capability('produce', async () => {
      for (const acks of ['all', '1', '0']) {
        const topic = `produce-acks-${acks}`;
        assertOk(await peer('produce', { topic, count: 150, acks }), `produce with acks ${acks}`);
        // acks=0 is answered by nobody: give the broker a moment to append what it was sent.
        if (acks === '0') await new Promise((r) => setTimeout(r, 300));
        await produced(topic, 150);
      }
    }));

  test(`${o.client}: consumes every partition from the start, byte for byte`, async () => {
    assertOk(await peer('produce', { topic: 'consume', count: 200 }), 'produce');
    await capability('consume', async () => {
      const r = assertOk(await peer('consume', { topic: 'consume', count: 200 }), 'consume');
      assertPeerRecords(r.records, 200);
      for (let p = 0; p < PARTITIONS; p++) {
        const offsets = r.records.filter((x) => x.partition === p).map((x) => x.offset);
        assert.deepEqual(offsets, [...offsets].sort((a, b) => a - b), `partition ${p} arrived out of order`);
      }
    });
  });

  const groups = async () => {
    const topic = 'groups';
    assertOk(await peer('produce', { topic, count: 100 }), 'produce');
    const first = assertOk(await peer('group-consume', { topic, group: 'peers', count: 60 }), 'the first group member');
    const second = assertOk(await peer('group-consume', { topic, group: 'peers', count: 40 }), 'the second group member, after the first left');
    assertPeerRecords([...first.records, ...second.records], 100);
    // The second consumer starts where the first committed: per partition the offsets run on, none twice.
    const hw = new Map<number, number>();
    for (const r of [...first.records, ...second.records]) hw.set(r.partition, (hw.get(r.partition) ?? 0) + 1);
    for (const [p, n] of hw) {
      const offsets = [...first.records, ...second.records].filter((r) => r.partition === p).map((r) => r.offset).sort((a, b) => a - b);
      assert.deepEqual(offsets, Array.from({ length: n }, (_, i) => i), `partition ${p}: offsets read by the two members`);
    }
  };
  test(`${o.client}: a group member commits what it read; the next member, a new process, continues from there`, () => capability('groups', groups));

  for (const codec of o.codecs) {
    test(`${o.client}: ${codec} batches arrive as ${codec}, and read back byte for byte`, () =>
      capability(`compression:${codec}`, async () => {
        const topic = `compressed-${codec}`;
        assertOk(await peer('produce', { topic, count: 120, compression: codec, padding: 200 }), `produce with ${codec}`);
        const batches = await produced(topic, 120, 200);
        assert.ok(batches.length > 0);
        for (const b of batches) assert.equal(CompressionType[b.compression], CompressionType[CODEC_TYPES[codec]], `batch at ${b.baseOffset}`);
        const r = assertOk(await peer('consume', { topic, count: 120 }), `consume ${codec}`);
        assertPeerRecords(r.records, 120, 200);
      }));
  }

  if (o.idempotence) {
    test(`${o.client}: an idempotent producer's batches carry its producer id, and every record lands once`, () =>
      capability('idempotence', async () => {
        const topic = 'idempotent';
        assertOk(await peer('produce', { topic, count: 150, idempotent: true }), 'idempotent produce');
        const batches = await produced(topic, 150);
        const ids = new Set(batches.map((b) => b.producerId));
        assert.equal(ids.size, 1, `one producer id for one producer, got ${[...ids].join(', ')}`);
        assert.ok([...ids][0]! >= 0, 'the batches carry a producer id');
        // Per partition the sequence numbers start at 0 and run on without a gap or a repeat.
        for (let p = 0; p < PARTITIONS; p++) {
          const mine = (await fetchBatches(broker.port, topic, p)).sort((a, b) => a.baseOffset - b.baseOffset);
          let next = 0;
          for (const b of mine) {
            assert.equal(b.baseSequence, next, `partition ${p}: the batch at offset ${b.baseOffset}`);
            next += b.recordCount;
          }
        }
      }));
  }

  if (o.transactions) test(`${o.client}: a transactional producer commits; the broker holds its records in transactional batches and a commit marker`, async () => {
    await capability('transactions', async () => {
      const r: PeerRun = assertOk(await peer('produce', { topic: 'transactional', count: 10, 'transactional-id': `${o.client}-tx`, timeout: '30s' }), 'transactional produce');
      assert.equal(r.done?.count, 10);
      const batches = await fetchTopicBatches(broker.port, 'transactional', PARTITIONS);
      const data = batches.filter((b) => !b.isControlBatch);
      assert.equal(data.reduce((n, b) => n + b.records.length, 0), 10, 'ten records stored');
      assert.ok(data.every((b) => b.isTransactional), 'every data batch is transactional');
      assert.ok(batches.some((b) => b.isControlBatch), 'the commit wrote a control batch');
    });
  });
  return ctx;
}
