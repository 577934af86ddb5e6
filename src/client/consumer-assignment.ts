import { Reader } from '../protocol/reader.js';

/**
 * The partitions in a consumer-protocol assignment (any version: the topic
 * list comes first, after the version). Empty bytes mean nothing assigned.
 */
export function assignedPartitions(bytes: Buffer): { topic: string; partitions: number[] }[] {
  if (bytes.length === 0) return [];
  const r = new Reader(bytes);
  r.int16();
  const out: { topic: string; partitions: number[] }[] = [];
  for (let t = r.int32(); t > 0; t--) {
    const topic = r.string();
    const partitions: number[] = [];
    for (let n = r.int32(); n > 0; n--) partitions.push(r.int32());
    out.push({ topic, partitions });
  }
  return out;
}
