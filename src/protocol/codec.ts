import { MalformedInputError, Reader } from './reader.js';
import { inRange, parseVersions, type FieldSpec, type MessageSpec } from './schema.js';
import { Writer } from './writer.js';

/**
 * One generic encoder and decoder for every message spec. A spec is compiled
 * once per version into closures, so the per-message cost is a walk over
 * precomputed steps rather than a re-interpretation of the schema.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
type Value = any;
type Encode = (w: Writer, v: Value) => void;
type Decode = (r: Reader) => Value;

export interface Codec {
  encode(w: Writer, v: Value): void;
  decode(r: Reader): Value;
}

export class SchemaError extends Error {
  override readonly name = 'SchemaError';
}

interface CompiledField {
  name: string;
  encode: Encode;
  decode: Decode;
  makeDefault: () => Value;
  tag?: number;
}

interface TypeInfo {
  elementType?: string;
  isStruct: boolean;
}

function typeInfo(type: string): TypeInfo {
  if (type.startsWith('[]')) {
    const elementType = type.slice(2);
    return { elementType, isStruct: false };
  }
  return { isStruct: !PRIMITIVES.has(type) };
}

const PRIMITIVES = new Set(['bool', 'int8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'float64', 'string', 'bytes', 'records', 'uuid']);
const ZERO_UUID = Buffer.alloc(16);

function primitiveDefault(type: string, nullable: boolean): Value {
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

function primitiveCodec(type: string, flexible: boolean, nullable: boolean, path: string): { encode: Encode; decode: Decode } {
  const notNull = (kind: string) => () => {
    throw new SchemaError(`${path}: ${kind} is null but the field is not nullable in this version`);
  };
  switch (type) {
    case 'bool':
      return { encode: (w, v) => w.bool(Boolean(v)), decode: (r) => r.bool() };
    case 'int8':
      return { encode: (w, v) => w.int8(v), decode: (r) => r.int8() };
    case 'int16':
      return { encode: (w, v) => w.int16(v), decode: (r) => r.int16() };
    case 'uint16':
      return { encode: (w, v) => w.uint16(v), decode: (r) => r.uint16() };
    case 'int32':
      return { encode: (w, v) => w.int32(v), decode: (r) => r.int32() };
    case 'uint32':
      return { encode: (w, v) => w.uint32(v), decode: (r) => r.uint32() };
    case 'int64':
      return { encode: (w, v) => w.int64(v), decode: (r) => r.int64() };
    case 'float64':
      return { encode: (w, v) => w.float64(v), decode: (r) => r.float64() };
    case 'uuid':
      return { encode: (w, v) => w.uuid(v), decode: (r) => Buffer.from(r.uuid()) };
    case 'string':
      if (flexible) {
        return nullable
          ? { encode: (w, v) => w.compactNullableString(v), decode: (r) => r.compactNullableString() }
          : { encode: (w, v) => (v === null ? notNull('string')() : w.compactString(v)), decode: (r) => r.compactString() };
      }
      return nullable
        ? { encode: (w, v) => w.nullableString(v), decode: (r) => r.nullableString() }
        : { encode: (w, v) => (v === null ? notNull('string')() : w.string(v)), decode: (r) => r.string() };
    case 'bytes':
    case 'records':
      if (flexible) {
        return nullable
          ? { encode: (w, v) => w.compactNullableBytes(v), decode: (r) => r.compactNullableBytes() }
          : { encode: (w, v) => (v === null ? notNull('bytes')() : w.compactBytes(v)), decode: (r) => r.compactBytes() };
      }
      return nullable
        ? { encode: (w, v) => w.nullableBytes(v), decode: (r) => r.nullableBytes() }
        : { encode: (w, v) => (v === null ? notNull('bytes')() : w.bytes(v)), decode: (r) => r.bytes() };
    default:
      throw new SchemaError(`${path}: unknown primitive type "${type}"`);
  }
}

function arrayCodec(element: { encode: Encode; decode: Decode }, flexible: boolean, nullable: boolean, path: string) {
  const encode: Encode = (w, v) => {
    if (v === null) {
      if (!nullable) throw new SchemaError(`${path}: array is null but the field is not nullable in this version`);
      if (flexible) w.uvarint(0);
      else w.int32(-1);
      return;
    }
    if (flexible) w.uvarint(v.length + 1);
    else w.int32(v.length);
    for (let i = 0; i < v.length; i++) element.encode(w, v[i]);
  };
  const decode: Decode = (r) => {
    const n = r.arrayLength(flexible);
    if (n < 0) {
      if (!nullable) throw new MalformedInputError(`${path}: null array where the field is not nullable`);
      return null;
    }
    const out = new Array(n);
    for (let i = 0; i < n; i++) out[i] = element.decode(r);
    return out;
  };
  return { encode, decode };
}

function nullableStructCodec(inner: { encode: Encode; decode: Decode }) {
  return {
    encode: (w: Writer, v: Value) => {
      if (v === null) {
        w.int8(-1);
        return;
      }
      w.int8(1);
      inner.encode(w, v);
    },
    decode: (r: Reader) => (r.int8() < 0 ? null : inner.decode(r)),
  };
}

function compileField(f: FieldSpec, version: number, flexible: boolean, parent: string): CompiledField {
  const path = `${parent}.${f.name}`;
  const nullable = inRange(parseVersions(f.nullableVersions), version);
  const info = typeInfo(f.type);
  let codec: { encode: Encode; decode: Decode };
  let makeDefault: () => Value;

  if (info.elementType !== undefined) {
    const elementIsStruct = !PRIMITIVES.has(info.elementType);
    const element = elementIsStruct
      ? compileStruct(requireFields(f, path), version, flexible, path)
      : primitiveCodec(info.elementType, flexible, false, path);
    codec = arrayCodec(element, flexible, nullable, path);
    makeDefault = () => (nullable && f.default === null ? null : []);
  } else if (info.isStruct) {
    const struct = compileStruct(requireFields(f, path), version, flexible, path);
    codec = nullable ? nullableStructCodec(struct) : struct;
    makeDefault = () => (nullable ? null : struct.makeDefault());
  } else {
    codec = primitiveCodec(f.type, flexible, nullable, path);
    const natural = f.default !== undefined ? f.default : primitiveDefault(f.type, nullable);
    makeDefault = () => natural;
  }
  const compiled: CompiledField = { name: f.name, encode: codec.encode, decode: codec.decode, makeDefault };
  if (f.tag !== undefined) compiled.tag = f.tag;
  return compiled;
}

function requireFields(f: FieldSpec, path: string): FieldSpec[] {
  if (!f.fields) throw new SchemaError(`${path}: struct type "${f.type}" has no fields`);
  return f.fields;
}

function isDefault(v: Value, d: Value): boolean {
  if (v === undefined || v === d) return true;
  if (Array.isArray(v) && Array.isArray(d)) return v.length === 0 && d.length === 0;
  if (Buffer.isBuffer(v) && Buffer.isBuffer(d)) return v.equals(d);
  // A tagged struct is omitted when every field holds its default, as Kafka's generated code does.
  if (isStruct(v) && isStruct(d)) return Object.keys(d).every((k) => isDefault(v[k], d[k]));
  return false;
}

function isStruct(v: Value): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v);
}

function compileStruct(fields: FieldSpec[], version: number, flexible: boolean, path: string) {
  const regular: CompiledField[] = [];
  const tagged: CompiledField[] = [];
  const absent: CompiledField[] = [];
  for (const f of fields) {
    const present = inRange(parseVersions(f.versions), version);
    const isTagged = flexible && inRange(parseVersions(f.taggedVersions), version);
    const compiled = compileField(f, present ? version : Math.max(0, parseVersions(f.versions).min), flexible, path);
    if (!present) absent.push(compiled);
    else if (isTagged) {
      if (f.tag === undefined) throw new SchemaError(`${path}.${f.name}: tagged field has no tag`);
      tagged.push(compiled);
    } else regular.push(compiled);
  }
  tagged.sort((a, b) => a.tag! - b.tag!);
  const byTag = new Map(tagged.map((t) => [t.tag!, t]));

  const makeDefault = (): Value => {
    const o: Record<string, Value> = {};
    for (const f of regular) o[f.name] = f.makeDefault();
    for (const f of tagged) o[f.name] = f.makeDefault();
    for (const f of absent) o[f.name] = f.makeDefault();
    return o;
  };

  const encode: Encode = (w, v) => {
    const obj = v ?? {};
    for (const f of regular) {
      const value = obj[f.name];
      f.encode(w, value === undefined ? f.makeDefault() : value);
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
      w.uvarint(f.tag!);
      w.uvarint(bytes.length);
      w.raw(bytes);
    }
  };

  const decode: Decode = (r) => {
    const o: Record<string, Value> = {};
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

/** The compiled codec of `spec` at `version`, built on first use. */
export function codecFor(spec: MessageSpec, version: number): Codec {
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
    codec = compileStruct(spec.fields, version, isFlexible(spec, version), spec.name);
    byVersion.set(version, codec);
  }
  return codec;
}

/** A value with every field of `spec` at `version` set to its default. */
export function defaultsFor(spec: MessageSpec, version: number): Value {
  return (codecFor(spec, version) as ReturnType<typeof compileStruct>).makeDefault();
}
