import { SerdeError } from './errors.js';

/**
 * Turns values into record bytes and back. Nulls never reach a serde: a null key
 * or value travels as null bytes (a Kafka tombstone for values).
 */
export interface Serde<T> {
  serialize(value: T): Buffer;
  deserialize(data: Buffer): T;
}

const stringSerde: Serde<string> = {
  serialize: (value) => Buffer.from(value, 'utf8'),
  deserialize: (data) => data.toString('utf8'),
};

const bufferSerde: Serde<Buffer> = {
  serialize: (value) => value,
  deserialize: (data) => data,
};

const jsonSerde: Serde<unknown> = {
  serialize(value) {
    const text = JSON.stringify(value);
    if (text === undefined) {
      throw new SerdeError(`${typeof value} cannot be written as JSON; map it to a plain value first or give a serde for it`);
    }
    return Buffer.from(text, 'utf8');
  },
  deserialize(data) {
    try {
      return JSON.parse(data.toString('utf8')) as unknown;
    } catch (err) {
      throw new SerdeError(
        `bytes are not JSON (${(err as Error).message}); give the source a serde that matches what the topic holds`,
      );
    }
  },
};

export const serdes = {
  /** UTF-8 text: the default for source topics, as the seeds' producers write plain strings. */
  string: stringSerde,
  /** Raw bytes, untouched. */
  buffer: bufferSerde,
  /** JSON text: the default for sinks, internal topics and state, since it round-trips plain values exactly. */
  json<T>(): Serde<T> {
    return jsonSerde as Serde<T>;
  },
};
