import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { Fetch } from '../../src/protocol/apis.js';
import { decodeRecordBatches, type RecordBatch } from '../../src/protocol/records/record-batch.js';
import { REPO_ROOT } from './child-process.js';
import { run } from './exec.js';
import { fetchRequest, NO_RECORDS } from './fetch-all.js';
import { PEERS_DIR, requirePeer } from './peers.js';
import { RawClient } from './raw-client.js';

/**
 * The Go and Python peers (test/peers/{go,python}) share one command line,
 * `PEER ACTION --bootstrap H:P --topic T [--count N] [options]`, and print JSON lines:
 * hello (client, version), one `record` per record consumed, then `done` or `error`.
 */

export interface PeerHeader {
  key: string;
  value: Buffer | null;
}

export interface PeerRecord {
  partition: number;
  offset: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: PeerHeader[];
}

export interface PeerRun {
  code: number | null;
  client: string;
  version: string;
  records: PeerRecord[];
  /** The `done` line, when the action succeeded. */
  done?: Record<string, unknown>;
  /** The `error` line's message, when it failed. */
  error?: string;
  /** Everything the peer said, for failure messages. */
  transcript: string;
}

export type Peer = (action: string, args: Record<string, string | number | boolean>, timeoutMs?: number) => Promise<PeerRun>;

interface Line {
  event: string;
  [k: string]: unknown;
}

const fromBase64 = (v: unknown): Buffer | null => (typeof v === 'string' ? Buffer.from(v, 'base64') : null);

function parseRun(code: number | null, stdout: string, stderr: string): PeerRun {
  const out: PeerRun = { code, client: '?', version: '?', records: [], transcript: `exit ${code}\nstdout:\n${stdout.slice(-3000)}\nstderr:\n${stderr.slice(-3000)}` };
  for (const text of stdout.split('\n')) {
    if (!text.startsWith('{')) continue;
    const line = JSON.parse(text) as Line;
    if (line.event === 'hello') Object.assign(out, { client: String(line.client), version: String(line.version) });
    else if (line.event === 'record') {
      const headers = (line.headers as { key: string; value: unknown }[]).map((h) => ({ key: h.key, value: fromBase64(h.value) }));
      out.records.push({ partition: Number(line.partition), offset: Number(line.offset), key: fromBase64(line.key), value: fromBase64(line.value), headers });
    } else if (line.event === 'done') out.done = line;
    else if (line.event === 'error') out.error = String(line.message);
  }
  return out;
}

function flags(args: Record<string, string | number | boolean>): string[] {
  return Object.entries(args).flatMap(([k, v]) => (v === true ? [`--${k}`] : v === false ? [] : [`--${k}`, String(v)]));
}

/** A Go peer binary built by scripts/peers/go.sh: `franz-go`, `sarama` or `kafka-go`. */
export function goPeer(client: 'franz-go' | 'sarama' | 'kafka-go'): Peer {
  return async (action, args, timeoutMs = 40_000) => {
    const bin = requirePeer(`${client} (Go)`, join(PEERS_DIR, 'go', 'bin', `${client}-peer`));
    const r = await run(bin, [action, ...flags(args)], { timeoutMs });
    return parseRun(r.code, r.stdout, r.stderr);
  };
}

/** A Python peer script run with the venv scripts/peers/python.sh made for `venv` (`<name>-<version>`). */
export function pythonPeer(venv: string, script: string): Peer {
  return async (action, args, timeoutMs = 40_000) => {
    const python = requirePeer(`${venv} (Python venv)`, join(PEERS_DIR, 'python', venv, 'bin', 'python'));
    const r = await run(python, [join(REPO_ROOT, 'test/peers/python', script), action, ...flags(args)], { timeoutMs });
    return parseRun(r.code, r.stdout, r.stderr);
  };
}

/** Fails with the peer's transcript unless the action succeeded. */
export function assertOk(r: PeerRun, what: string): PeerRun {
  assert.equal(r.code, 0, `${what} failed: ${r.error ?? ''}\n${r.transcript}`);
  assert.ok(r.done, `${what} printed no done line\n${r.transcript}`);
  return r;
}

/** Record i as every peer writes it (see test/peers/go/internal/peer and test/peers/python/peer_common.py). */
export function expectedRecord(i: number, padding = 0): { key: Buffer; value: Buffer; headers: PeerHeader[] } {
  return {
    key: Buffer.from(`key-${i}`),
    value: Buffer.concat([Buffer.from(`value-${i}-`), Buffer.from([0x00, 0xff, i & 0xff]), Buffer.alloc(padding, 'x')]),
    headers: [
      { key: 'seq', value: Buffer.from(String(i)) },
      { key: 'bin', value: Buffer.from([0x00, 0xfe, 0xff]) },
    ],
  };
}

/** Asserts that `records` are records 0..count-1, each exactly once, byte for byte (keys, values, headers). */
export function assertPeerRecords(records: readonly { key: Buffer | null; value: Buffer | null; headers: readonly PeerHeader[] }[], count: number, padding = 0): void {
  assert.equal(records.length, count, `expected ${count} records, got ${records.length}`);
  const seen = new Set<number>();
  for (const r of records) {
    const seq = Number(r.headers.find((h) => h.key === 'seq')?.value?.toString());
    assert.ok(Number.isInteger(seq) && seq >= 0 && seq < count, `a record with no valid seq header: ${JSON.stringify(r)}`);
    assert.ok(!seen.has(seq), `record ${seq} arrived twice`);
    seen.add(seq);
    const want = expectedRecord(seq, padding);
    assert.deepEqual(r.key, want.key, `key of record ${seq}`);
    assert.deepEqual(r.value, want.value, `value of record ${seq}`);
    assert.deepEqual(
      r.headers.map((h) => ({ key: h.key, value: h.value })),
      want.headers,
      `headers of record ${seq}`,
    );
  }
}

/** Every batch of a partition, read with our own codec, so a test sees what the peer really wrote. */
export async function fetchBatches(port: number, topic: string, partition: number): Promise<RecordBatch[]> {
  const c = await RawClient.connect(port);
  const batches: RecordBatch[] = [];
  try {
    for (let offset = 0; ; ) {
      const res = await c.request(Fetch, 12, fetchRequest(topic, partition, offset));
      const p = res.responses[0].partitions[0];
      if (p.errorCode !== 0) throw new Error(`fetch ${topic}-${partition}@${offset} failed with error code ${p.errorCode}`);
      const got = decodeRecordBatches(p.records ?? NO_RECORDS);
      if (got.length === 0) break;
      batches.push(...got);
      const last = got[got.length - 1]!;
      offset = last.baseOffset + last.lastOffsetDelta + 1;
      if (offset >= p.highWatermark) break;
    }
  } finally {
    c.close();
  }
  return batches;
}

/** The batches of every partition of a topic. */
export async function fetchTopicBatches(port: number, topic: string, partitions: number): Promise<RecordBatch[]> {
  const all: RecordBatch[] = [];
  for (let p = 0; p < partitions; p++) all.push(...(await fetchBatches(port, topic, p)));
  return all;
}

/** A logger for an in-process broker that keeps its warnings, so a test can assert why the broker refused something. */
export function capturingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: pino({ level: 'warn' }, sink), lines };
}
