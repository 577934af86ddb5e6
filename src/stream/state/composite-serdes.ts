import type { TimedState } from '../processors/update-state-by-key.js';
import type { Serde } from '../serde.js';
import { readInt64, writeInt64 } from './state-store.js';

/** A list as uint32 BE count, then per item uint32 BE length and the item's bytes. */
export function listSerde<T>(item: Serde<T>): Serde<T[]> {
  return {
    serialize(values) {
      const parts = values.map((v) => item.serialize(v));
      const out = Buffer.allocUnsafe(4 + parts.reduce((n, p) => n + 4 + p.length, 0));
      out.writeUInt32BE(parts.length, 0);
      let at = 4;
      for (const part of parts) {
        out.writeUInt32BE(part.length, at);
        part.copy(out, at + 4);
        at += 4 + part.length;
      }
      return out;
    },
    deserialize(data) {
      const count = data.readUInt32BE(0);
      const values: T[] = [];
      let at = 4;
      for (let i = 0; i < count; i++) {
        const length = data.readUInt32BE(at);
        values.push(item.deserialize(data.subarray(at + 4, at + 4 + length)));
        at += 4 + length;
      }
      return values;
    },
  };
}

/** A keyed state with its last update time: int64 BE updatedAt, then the state's bytes. */
export function timedStateSerde(state: Serde<unknown>): Serde<TimedState> {
  return {
    serialize(timed) {
      const bytes = state.serialize(timed.state);
      const out = Buffer.allocUnsafe(8 + bytes.length);
      writeInt64(out, 0, timed.updatedAt);
      bytes.copy(out, 8);
      return out;
    },
    deserialize(data) {
      return { updatedAt: readInt64(data, 0), state: state.deserialize(data.subarray(8)) };
    },
  };
}
