/**
 * Kafka describes every API message once, as JSON data (clients/src/main/resources/common/message).
 * We keep the same shape in TypeScript so that one generic codec serves every
 * version of every API, in both directions. Field names are camelCase.
 */
export type PrimitiveType =
  | 'bool'
  | 'int8'
  | 'int16'
  | 'uint16'
  | 'int32'
  | 'uint32'
  | 'int64'
  | 'float64'
  | 'string'
  | 'bytes'
  | 'records'
  | 'uuid';

export interface FieldSpec {
  readonly name: string;
  /** A primitive, `[]primitive`, `[]Struct` or `Struct`; struct types carry `fields`. */
  readonly type: string;
  /** Kafka's version range syntax: `0+`, `3-5`, `7`, `none`. */
  readonly versions: string;
  readonly nullableVersions?: string;
  readonly taggedVersions?: string;
  readonly tag?: number;
  /**
   * The value a sender may leave out, as in Kafka's JSON. A field without one
   * must be given by whoever builds the message: the encoder refuses a
   * message that lacks it. Decoders fill fields a version lacks with this or
   * the type's natural default (0, '', [], false, null when nullable).
   */
  readonly default?: unknown;
  readonly fields?: readonly FieldSpec[];
  /** The value is a map key in Kafka's spec; informative only. */
  readonly mapKey?: boolean;
  readonly ignorable?: boolean;
  readonly about?: string;
}

export interface MessageSpec {
  readonly name: string;
  readonly validVersions: string;
  readonly flexibleVersions: string;
  readonly fields: readonly FieldSpec[];
}

/**
 * One API. Schema files declare theirs `as const satisfies ApiSpec`, so that
 * the message types in message-types.ts can be derived from the literal spec.
 */
export interface ApiSpec {
  readonly apiKey: number;
  readonly name: string;
  readonly request: MessageSpec;
  readonly response: MessageSpec;
}

export interface VersionRange {
  min: number;
  max: number;
}

const NONE: VersionRange = { min: 1, max: 0 };

export function parseVersions(text: string | undefined): VersionRange {
  if (text === undefined || text === 'none' || text === '') return NONE;
  const plus = /^(\d+)\+$/.exec(text);
  if (plus) return { min: Number(plus[1]), max: Number.MAX_SAFE_INTEGER };
  const range = /^(\d+)-(\d+)$/.exec(text);
  if (range) return { min: Number(range[1]), max: Number(range[2]) };
  if (/^\d+$/.test(text)) return { min: Number(text), max: Number(text) };
  throw new Error(`bad version range "${text}": use "N+", "N-M", "N" or "none"`);
}

export function inRange(r: VersionRange, v: number): boolean {
  return v >= r.min && v <= r.max;
}
