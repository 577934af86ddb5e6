import type { RecordHeaders } from '../records.js';

/**
 * Header on every repartition record: int32 BE upstream partition, int64 BE sequence
 * (the sending task's count of repartition records). After a crash the upstream task
 * re-sends what it produced since its checkpoint with the same sequences, and the
 * downstream task drops those it already applied: state stays exact without transactions.
 */
export const POSITION_HEADER = 'streamdash.seq';

const TWO_32 = 2 ** 32;

export function encodePosition(partition: number, sequence: number): Buffer {
  const out = Buffer.allocUnsafe(12);
  out.writeInt32BE(partition, 0);
  out.writeUInt32BE(Math.floor(sequence / TWO_32), 4);
  out.writeUInt32BE(sequence >>> 0, 8);
  return out;
}

export interface Position {
  readonly partition: number;
  readonly sequence: number;
}

export function findPosition(headers: RecordHeaders | undefined): Position | undefined {
  if (headers === undefined) return undefined;
  for (const [name, value] of headers) {
    const matches = typeof name === 'string' ? name === POSITION_HEADER : name.toString('utf8') === POSITION_HEADER;
    if (matches && value.length === 12) {
      return { partition: value.readInt32BE(0), sequence: value.readUInt32BE(4) * TWO_32 + value.readUInt32BE(8) };
    }
  }
  return undefined;
}
