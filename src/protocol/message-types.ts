import type { ApiSpec, FieldSpec, MessageSpec } from './schema.js';

/**
 * The TypeScript types of messages, derived from the schema objects at the
 * type level (no generated files): a schema declared `as const satisfies
 * ApiSpec` keeps its field names, types and version strings as literal types,
 * and the mapped types below turn them into object types.
 *
 * Two views of one message, for the two sides of the codec:
 * - `Decoded`: what the decoder returns. Every field the versions carry is
 *   present (a version that lacks a field decodes it as its default).
 * - `Encodable`: what the encoder takes. A field with an explicit `default`,
 *   or a tagged one, may be left out. Any other field is required when every
 *   version in the range carries it; a field that only some versions carry is
 *   optional here and checked by the encoder for the version being written
 *   (it throws a SchemaError naming the field).
 *
 * Both take the version range they describe (`Min`..`Max`); left out, or
 * given as plain `number`, it is the spec's `validVersions`. Fields outside the range are left out.
 */

/** How the codec's reader and writer represent each primitive. int64 stays a number (offsets, timestamps and ids stay below 2^53). */
interface Primitives {
  bool: boolean;
  int8: number;
  int16: number;
  uint16: number;
  int32: number;
  uint32: number;
  int64: number;
  float64: number;
  string: string;
  bytes: Buffer;
  records: Buffer;
  uuid: Buffer;
}

// Version arithmetic on literal numbers: a number N is the tuple of length N.
type Tuple<N extends number, T extends unknown[] = []> = T['length'] extends N ? T : Tuple<N, [...T, unknown]>;
type AtMost<A extends number, B extends number> = Tuple<B> extends [...Tuple<A>, ...unknown[]] ? true : false;

/** Kafka's range syntax as [first, last]; `last` is 'open' for `N+`; never for `none` or no range. */
type Bounds<V> = V extends `${infer A extends number}+`
  ? [A, 'open']
  : V extends `${infer A extends number}-${infer B extends number}`
    ? [A, B]
    : V extends `${infer A extends number}`
      ? [A, A]
      : never;

/** Whether range text `V` shares a version with `Min`..`Max` (`Every`: holds for every version in it). */
type Touches<V, Min extends number, Max extends number> = [Bounds<V>] extends [never]
  ? false
  : Bounds<V> extends [infer A extends number, infer B]
    ? AtMost<A, Max> extends true
      ? B extends number
        ? AtMost<Min, B>
        : true
      : false
    : false;
type Covers<V, Min extends number, Max extends number> = [Bounds<V>] extends [never]
  ? false
  : Bounds<V> extends [infer A extends number, infer B]
    ? AtMost<A, Min> extends true
      ? B extends number
        ? AtMost<Max, B>
        : true
      : false
    : false;

type MinOf<M extends MessageSpec> = Bounds<M['validVersions']> extends [infer A extends number, unknown] ? A : number;
type MaxOf<M extends MessageSpec> = Bounds<M['validVersions']> extends [unknown, infer B extends number] ? B : number;

type Present<F extends FieldSpec, Min extends number, Max extends number> = Touches<F['versions'], Min, Max>;

/** Optional to a sender: an explicit default, or tagged wherever the field exists, or missing from some versions of the range. */
type MayOmit<F extends FieldSpec, Min extends number, Max extends number> = F extends { default: unknown }
  ? true
  : F extends { taggedVersions: F['versions'] }
    ? true
    : Covers<F['versions'], Min, Max> extends true
      ? false
      : true;

type Nulls<F extends FieldSpec, Min extends number, Max extends number> =
  F extends { nullableVersions: infer N } ? (Touches<N, Min, Max> extends true ? null : never) : never;

type View = 'decoded' | 'encodable';

type StructOf<F extends FieldSpec, Min extends number, Max extends number, W extends View> = F extends { fields: infer Fs extends readonly FieldSpec[] }
  ? Struct<Fs, Min, Max, W>
  : never;

type ListOf<T, W extends View> = W extends 'decoded' ? T[] : readonly T[];

type ValueOf<F extends FieldSpec, Min extends number, Max extends number, W extends View> =
  | (F['type'] extends `[]${infer E}`
      ? ListOf<E extends keyof Primitives ? Primitives[E] : StructOf<F, Min, Max, W>, W>
      : F['type'] extends keyof Primitives
        ? Primitives[F['type']]
        : StructOf<F, Min, Max, W>)
  | Nulls<F, Min, Max>;

type Flatten<T> = { [K in keyof T]: T[K] } & {};

type Struct<Fs extends readonly FieldSpec[], Min extends number, Max extends number, W extends View> = number extends Fs['length']
  ? // A spec typed only as MessageSpec (not a literal): nothing is known about its fields.
    Record<string, unknown>
  : W extends 'decoded'
    ? { [F in Fs[number] as Present<F, Min, Max> extends true ? F['name'] : never]: ValueOf<F, Min, Max, W> }
    : Flatten<
        {
          [F in Fs[number] as Present<F, Min, Max> extends true ? (MayOmit<F, Min, Max> extends true ? never : F['name']) : never]: ValueOf<F, Min, Max, W>;
        } & {
          [F in Fs[number] as Present<F, Min, Max> extends true ? (MayOmit<F, Min, Max> extends true ? F['name'] : never) : never]?: ValueOf<F, Min, Max, W>;
        }
      >;

/** A literal version, or the whole spec range when only `number` is known. */
type Or<V extends number, Fallback extends number> = number extends V ? Fallback : V;

/** A message as the decoder returns it, for versions `Min`..`Max`. */
export type Decoded<M extends MessageSpec, Min extends number = number, Max extends number = number> = Struct<
  M['fields'],
  Or<Min, MinOf<M>>,
  Or<Max, MaxOf<M>>,
  'decoded'
>;

/** A message as the encoder takes it, for versions `Min`..`Max`. */
export type Encodable<M extends MessageSpec, Min extends number = number, Max extends number = number> = Struct<
  M['fields'],
  Or<Min, MinOf<M>>,
  Or<Max, MaxOf<M>>,
  'encodable'
>;

/** The request a broker handler receives, e.g. `Request<typeof JoinGroup, 2, 6>`. */
export type Request<S extends ApiSpec, Min extends number = number, Max extends number = number> = Decoded<S['request'], Min, Max>;

/** The response a broker handler builds, e.g. `Response<typeof JoinGroup, 2, 6>`. */
export type Response<S extends ApiSpec, Min extends number = number, Max extends number = number> = Encodable<
  S['response'],
  Min,
  Max
>;
