import type { Decoded, Encodable } from './message-types.js';
import { MalformedInputError, Reader } from './reader.js';
import { inRange, parseVersions, type FieldSpec, type MessageSpec } from './schema.js';
import { Writer } from './writer.js';

/**
 * One generic encoder and decoder for every message spec. A spec is compiled
 * once per version into closures, so the per-message cost is a walk over
 * precomputed steps rather than a re-interpretation of the schema.
 *
 * Inside the interpreter a value is `unknown`: its shape is the spec's, which
 * the types of message-types.ts promise at the codec's boundary, so the steps
 * below cast to what their field's type says instead of checking every value.
 */
type Encode = (w: Writer, v: unknown) => void;
type Decode = (r: Reader) => unknown;
type Struct = Record<string, unknown>;

export interface Codec<D = unknown, E = unknown> {
  encode(w: Writer, v: E): void;
  decode(r: Reader): D;
}

/** Where a message broke its spec: the message (e.g. `FetchResponse`), the version, and the field's dotted path. */
export interface SchemaErrorSite {
  message: string;
  version: number;
  field: string;
}

/** A message that does not fit its spec: a programming error, never bad input from a peer. */
export class SchemaError extends Error {
  override readonly name = 'SchemaError';
  readonly site: SchemaErrorSite | undefined;
  constructor(text: string, site?: SchemaErrorSite) {
    super(site ? `${site.message} v${site.version} ${site.field}: ${text}` : text);
    this.site = site;
  }
}

/** The message and version a compilation is for, so errors can name them. */
interface Compiling {
  message: string;
  version: number;
}

interface CompiledField {
  name: string;
  encode: Encode;
  decode: Decode;
  /** The value a decoder gives the field when the wire does not carry it. */
  makeDefault: () => unknown;
  /** What the encoder writes when the value is left out: the explicit default, or a SchemaError. */
  whenMissing: () => unknown;
  tag?: number;
}

interface FieldCodec {
  encode: Encode;
  decode: Decode;
}

const PRIMITIVES = new Set(['bool', 'int8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'float64', 'string', 'bytes', 'records', 'uuid']);
const ZERO_UUID = Buffer.alloc(16);

function primitiveDefault(type: string, nullable: boolean): unknown {
  if (nullable && (type === 'string' || type === 'bytes' || type === 'records')) return null;
  switch (type) {
    case 'bool':
      return false;
    case 'string':
      return '';
    case 'bytes':
      return Buffer.alloc(0);
    case 'records':
      return null;
    case 'uuid':
      return ZERO_UUID;
    default:
      return 0;
  }
}

function primitiveCodec(type: string, flexible: boolean, nullable: boolean, fail: (text: string) => never): FieldCodec {
  const notNull = (kind: string) => fail(`${kind} is null but the field is not nullable in this version`);
  switch (type) {
    case 'bool':
      return { encode: (w, v) => w.bool(Boolean(v)), decode: (r) => r.bool() };
    case 'int8':
      return { encode: (w, v) => w.int8(v as number), decode: (r) => r.int8() };
    case 'int16':
      return { encode: (w, v) => w.int16(v as number), decode: (r) => r.int16() };
    case 'uint16':
      return { encode: (w, v) => w.uint16(v as number), decode: (r) => r.uint16() };
    case 'int32':
      return { encode: (w, v) => w.int32(v as number), decode: (r) => r.int32() };
    case 'uint32':
      return { encode: (w, v) => w.uint32(v as number), decode: (r) => r.uint32() };
    case 'int64':
      return { encode: (w, v) => w.int64(v as number), decode: (r) => r.int64() };
    case 'float64':
      return { encode: (w, v) => w.float64(v as number), decode: (r) => r.float64() };
    case 'uuid':
      return { encode: (w, v) => w.uuid(v as Buffer), decode: (r) => Buffer.from(r.uuid()) };
    case 'string':
      if (flexible) {
        return nullable
          ? { encode: (w, v) => w.compactNullableString(v as string | null), decode: (r) => r.compactNullableString() }
          : { encode: (w, v) => (v === null ? notNull('string') : w.compactString(v as string)), decode: (r) => r.compactString() };
      }
      return nullable
        ? { encode: (w, v) => w.nullableString(v as string | null), decode: (r) => r.nullableString() }
        : { encode: (w, v) => (v === null ? notNull('string') : w.string(v as string)), decode: (r) => r.string() };
    case 'bytes':
    case 'records':
      if (flexible) {
        return nullable
          ? { encode: (w, v) => w.compactNullableBytes(v as Buffer | null), decode: (r) => r.compactNullableBytes() }
          : { encode: (w, v) => (v === null ? notNull('bytes') : w.compactBytes(v as Buffer)), decode: (r) => r.compactBytes() };
      }
      return nullable
        ? { encode: (w, v) => w.nullableBytes(v as Buffer | null), decode: (r) => r.nullableBytes() }
        : { encode: (w, v) => (v === null ? notNull('bytes') : w.bytes(v as Buffer)), decode: (r) => r.bytes() };
    default:
      return fail(`unknown primitive type "${type}"`);
  }
}

function arrayCodec(element: FieldCodec, flexible: boolean, nullable: boolean, path: string, fail: (text: string) => never): FieldCodec {
  const encode: Encode = (w, v) => {
    if (v === null) {
      if (!nullable) fail('array is null but the field is not nullable in this version');
      if (flexible) w.uvarint(0);
      else w.int32(-1);
      return;
    }
    const list = v as readonly unknown[];
    if (flexible) w.uvarint(list.length + 1);
    else w.int32(list.length);
    for (let i = 0; i < list.length; i++) element.encode(w, list[i]);
  };
  const decode: Decode = (r) => {
    const n = r.arrayLength(flexible);
    if (n < 0) {
      if (!nullable) throw new MalformedInputError(`${path}: null array where the field is not nullable`);
      return null;
    }
    const out: unknown[] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = element.decode(r);
    return out;
  };
  return { encode, decode };
}

function nullableStructCodec(inner: FieldCodec): FieldCodec {
  return {
    encode: (w, v) => {
      if (v === null) {
        w.int8(-1);
        return;
      }
      w.int8(1);
      inner.encode(w, v);
    },
    decode: (r) => (r.int8() < 0 ? null : inner.decode(r)),
  };
}

function compileField(f: FieldSpec, version: number, flexible: boolean, parent: string, at: Compiling): CompiledField {
  const path = parent === '' ? f.name : `${parent}.${f.name}`;
  const fail = (text: string): never => {
    throw new SchemaError(text, { ...at, field: path });
  };
  const nullable = inRange(parseVersions(f.nullableVersions), version);
  let codec: FieldCodec;
  let makeDefault: () => unknown;

  if (f.type.startsWith('[]')) {
    const elementType = f.type.slice(2);
    const element = PRIMITIVES.has(elementType)
      ? primitiveCodec(elementType, flexible, false, fail)
      : compileStruct(requireFields(f, fail), version, flexible, path, at);
    codec = arrayCodec(element, flexible, nullable, `${at.message}.${path}`, fail);
    makeDefault = () => (nullable && f.default === null ? null : []);
  } else if (!PRIMITIVES.has(f.type)) {
    const struct = compileStruct(requireFields(f, fail), version, flexible, path, at);
    codec = nullable ? nullableStructCodec(struct) : struct;
    makeDefault = () => (nullable ? null : struct.makeDefault());
  } else {
    codec = primitiveCodec(f.type, flexible, nullable, fail);
    const natural = f.default !== undefined ? f.default : primitiveDefault(f.type, nullable);
    makeDefault = () => natural;
  }
  const whenMissing = f.default !== undefined ? makeDefault : () => fail('missing, and the field has no default: set it');
  const compiled: CompiledField = { name: f.name, encode: codec.encode, decode: codec.decode, makeDefault, whenMissing };
  if (f.tag !== undefined) compiled.tag = f.tag;
  return compiled;
}

function requireFields(f: FieldSpec, fail: (text: string) => never): readonly FieldSpec[] {
  return f.fields ?? fail(`struct type "${f.type}" has no fields`);
}

function isDefault(v: unknown, d: unknown): boolean {
  if (v === undefined || v === d) return true;
  if (Array.isArray(v) && Array.isArray(d)) return v.length === 0 && d.length === 0;
  if (Buffer.isBuffer(v) && Buffer.isBuffer(d)) return v.equals(d);
  // A tagged struct is omitted when every field holds its default, as Kafka's generated code does.
  if (isStruct(v) && isStruct(d)) return Object.keys(d).every((k) => isDefault(v[k], d[k]));
  return false;
}

function isStruct(v: unknown): v is Struct {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v);
}

interface CompiledStruct extends FieldCodec {
  makeDefault: () => Struct;
}

function compileStruct(fields: readonly FieldSpec[], version: number, flexible: boolean, path: string, at: Compiling): CompiledStruct {
  const regular: CompiledField[] = [];
  const tagged: (CompiledField & { tag: number })[] = [];
  const absent: CompiledField[] = [];
  for (const f of fields) {
    const present = inRange(parseVersions(f.versions), version);
    const isTagged = flexible && inRange(parseVersions(f.taggedVersions), version);
    const compiled = compileField(f, present ? version : Math.max(0, parseVersions(f.versions).min), flexible, path, at);
    if (!present) absent.push(compiled);
    else if (isTagged) {
      const { tag } = compiled;
      if (tag === undefined) throw new SchemaError('tagged field has no tag', { ...at, field: path === '' ? f.name : `${path}.${f.name}` });
      tagged.push({ ...compiled, tag });
    } else regular.push(compiled);
  }
  tagged.sort((a, b) => a.tag - b.tag);
  const byTag = new Map(tagged.map((t) => [t.tag, t]));

  const makeDefault = (): Struct => {
    const o: Struct = {};
    for (const f of regular) o[f.name] = f.makeDefault();
    for (const f of tagged) o[f.name] = f.makeDefault();
    for (const f of absent) o[f.name] = f.makeDefault();
    return o;
  };

  const encode: Encode = (w, v) => {
    const obj = v as Struct;
    for (const f of regular) {
      const value = obj[f.name];
      f.encode(w, value === undefined ? f.whenMissing() : value);
    }
    if (!flexible) return;
    if (tagged.length === 0) {
      w.uvarint(0);
      return;
    }
    const present = tagged.filter((f) => !isDefault(obj[f.name], f.makeDefault()));
    w.uvarint(present.length);
    for (const f of present) {
      const sub = new Writer(64);
      f.encode(sub, obj[f.name]);
      const bytes = sub.toBuffer();
      w.uvarint(f.tag);
      w.uvarint(bytes.length);
      w.raw(bytes);
    }
  };

  const decode: Decode = (r) => {
    const o: Struct = {};
    for (const f of regular) o[f.name] = f.decode(r);
    for (const f of absent) o[f.name] = f.makeDefault();
    if (!flexible) return o;
    for (const f of tagged) o[f.name] = f.makeDefault();
    const count = r.uvarint();
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint();
      const size = r.uvarint();
      const known = byTag.get(tag);
      const bytes = r.view(size);
      if (known) o[known.name] = known.decode(new Reader(bytes));
    }
    return o;
  };

  return { encode, decode, makeDefault };
}

const cache = new WeakMap<MessageSpec, Map<number, Codec>>();

export function isFlexible(spec: MessageSpec, version: number): boolean {
  return inRange(parseVersions(spec.flexibleVersions), version);
}

export function supportsVersion(spec: MessageSpec, version: number): boolean {
  return inRange(parseVersions(spec.validVersions), version);
}

/**
 * The compiled codec of `spec` at `version`, built on first use. Its value
 * types follow from the spec (see message-types.ts): those of that one
 * version when `version` is a literal, of every valid version otherwise.
 */
export function codecFor<M extends MessageSpec, V extends number = number>(spec: M, version: V): Codec<Decoded<M, V, V>, Encodable<M, V, V>> {
  let byVersion = cache.get(spec);
  if (!byVersion) {
    byVersion = new Map();
    cache.set(spec, byVersion);
  }
  let codec = byVersion.get(version);
  if (!codec) {
    if (!supportsVersion(spec, version)) {
      throw new SchemaError(`${spec.name} has no version ${version} (valid: ${spec.validVersions})`);
    }
    codec = compileStruct(spec.fields, version, isFlexible(spec, version), '', { message: spec.name, version });
    byVersion.set(version, codec);
  }
  // The one place the interpreter's `unknown` meets the spec's types: the closures were compiled from this very spec.
  return codec as Codec<Decoded<M, V, V>, Encodable<M, V, V>>;
}
