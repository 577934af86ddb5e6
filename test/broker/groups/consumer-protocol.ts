import { Reader } from '../../../src/protocol/reader.js';
import { Writer } from '../../../src/protocol/writer.js';

/**
 * The consumer protocol's subscription and assignment (version 0), which the
 * broker carries as opaque bytes: tests encode what clients send and decode
 * what leaders assign.
 */
export function encodeSubscription(topics: string[]): Buffer {
  const w = new Writer(64).int16(0).int32(topics.length);
  for (const t of topics) w.string(t);
  return w.nullableBytes(null).toBuffer();
}

export function encodeAssignment(assigned: Record<string, number[]>): Buffer {
  const entries = Object.entries(assigned);
  const w = new Writer(64).int16(0).int32(entries.length);
  for (const [topic, partitions] of entries) {
    w.string(topic).int32(partitions.length);
    for (const p of partitions) w.int32(p);
  }
  return w.nullableBytes(null).toBuffer();
}

/** `topic-partition` strings of an assignment; empty for an empty buffer (a member given nothing). */
export function decodeAssignment(bytes: Buffer): string[] {
  if (bytes.length === 0) return [];
  const r = new Reader(bytes);
  r.int16();
  const out: string[] = [];
  for (let t = r.int32(); t > 0; t--) {
    const topic = r.string();
    for (let n = r.int32(); n > 0; n--) out.push(`${topic}-${r.int32()}`);
  }
  return out;
}
