import { Off } from '../../protocol/records/batch-header.js';

export function readInt64(buf: Buffer, at: number): number {
  return buf.readInt32BE(at) * 4294967296 + buf.readUInt32BE(at + 4);
}

export function writeInt64(buf: Buffer, value: number, at: number): void {
  buf.writeInt32BE(Math.floor(value / 4294967296), at);
  buf.writeUInt32BE(value >>> 0, at + 4);
}

export function batchBaseOffset(buf: Buffer, at: number): number {
  return readInt64(buf, at + Off.baseOffset);
}

export function batchLastOffset(buf: Buffer, at: number): number {
  return batchBaseOffset(buf, at) + buf.readInt32BE(at + Off.lastOffsetDelta);
}

export function batchMaxTimestamp(buf: Buffer, at: number): number {
  return readInt64(buf, at + Off.maxTimestamp);
}
