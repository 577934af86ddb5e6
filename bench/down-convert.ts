import { performance } from 'node:perf_hooks';
import { batchesToMessageSet } from '../src/protocol/records/down-convert.js';
import { encodeMessageSet, type MessageInput } from '../src/protocol/records/message-set.js';
import { messageSetToBatch } from '../src/protocol/records/up-convert.js';
import { printFigures } from './report.js';

/**
 * `npm run bench -- down-convert [--records N]`: the fetch side of the legacy bench without the
 * network or the log. The stored batches are what the 0.10 producer's 64 KB requests of 100-byte
 * records become (each message set converted up to one v2 batch), and the reads are what the 0.10
 * consumer's 1 MB fetches take: 1 MB of whole batches from the one holding the next offset,
 * converted down to magic 1 within 1 MB. It has no baseline of its own: the legacy bench compares
 * the whole fetch with Kafka 2.4's; this one is for profiling (node --cpu-prof) and for before/after.
 */

const RECORD_SIZE = 100;
const PRODUCE_BYTES = 65_536;
const FETCH_BYTES = 1 << 20;

interface StoredLog {
  data: Buffer;
  /** The base offset and byte position of each batch, in order. */
  offsets: number[];
  positions: number[];
}

function storedLog(records: number): StoredLog {
  const perRequest = Math.floor(PRODUCE_BYTES / (RECORD_SIZE + 34));
  const parts: Buffer[] = [];
  const offsets: number[] = [];
  const positions: number[] = [];
  let size = 0;
  const value = Buffer.alloc(RECORD_SIZE, 0x61);
  for (let base = 0; base < records; base += perRequest) {
    const n = Math.min(perRequest, records - base);
    const messages: MessageInput[] = Array.from({ length: n }, (_, i) => ({ offset: i, timestamp: 1_700_000_000_000 + base + i, key: null, value }));
    const batch = messageSetToBatch(encodeMessageSet({ magic: 1, messages }), 0);
    batch.writeUInt32BE(Math.floor(base / 4294967296), 0);
    batch.writeUInt32BE(base >>> 0, 4);
    offsets.push(base);
    positions.push(size);
    parts.push(batch);
    size += batch.length;
  }
  return { data: Buffer.concat(parts, size), offsets, positions };
}

/** Whole batches from the one holding `offset`, up to FETCH_BYTES but at least one, as PartitionLog.read gives them. */
function read(log: StoredLog, offset: number): Buffer {
  const first = log.offsets.findLastIndex((o) => o <= offset);
  const start = log.positions[first]!;
  let end = log.positions[first + 1] ?? log.data.length;
  for (let i = first + 2; i <= log.positions.length; i++) {
    const next = log.positions[i] ?? log.data.length;
    if (next - start > FETCH_BYTES) break;
    end = next;
  }
  return log.data.subarray(start, end);
}

/** The offset after the last message of a magic 1 set of uncompressed messages. */
function nextOffset(set: Buffer): number {
  let at = 0;
  let last = -1;
  while (at < set.length) {
    last = set.readUInt32BE(at + 4);
    at += 12 + set.readInt32BE(at + 8);
  }
  return last + 1;
}

function consumeAll(log: StoredLog, records: number): number {
  let offset = 0;
  let bytes = 0;
  while (offset < records) {
    const set = batchesToMessageSet(read(log, offset), 1, { fetchOffset: offset, maxBytes: FETCH_BYTES, allowOversizedFirst: true });
    bytes += set.length;
    offset = nextOffset(set);
  }
  return bytes;
}

/** Wall and CPU seconds of f: on a shared machine the CPU time is the steadier figure. */
function timed(f: () => void): { wall: number; cpu: number } {
  const started = performance.now();
  const cpu = process.cpuUsage();
  f();
  const used = process.cpuUsage(cpu);
  return { wall: (performance.now() - started) / 1000, cpu: (used.user + used.system) / 1e6 };
}

export async function main(args: string[]): Promise<void> {
  const flag = args.indexOf('--records');
  const records = flag >= 0 ? Number(args[flag + 1]) : 1_000_000;
  const log = storedLog(records);
  consumeAll(log, Math.min(records, 100_000));
  let bytes = 0;
  const convert = timed(() => (bytes = consumeAll(log, records)));
  console.log(`${records.toLocaleString('en-US')} records of ${RECORD_SIZE} B in ${log.offsets.length} stored batches; ${(bytes / 1e6).toFixed(1)} MB converted`);
  printFigures('down-conversion to magic 1 in 1 MB fetches', [
    { name: 'records/s converted', value: records / convert.wall, unit: 'records/s' },
    { name: 'CPU per record', value: (convert.cpu * 1e9) / records, unit: 'ns', higherIsBetter: false },
  ]);
}
