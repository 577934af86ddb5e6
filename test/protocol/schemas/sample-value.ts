import { inRange, parseVersions, type FieldSpec, type MessageSpec } from '../../../src/protocol/schema.js';

/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * Builds a message value for one version of a spec by walking its fields:
 * every present field gets a sample that differs from its default and from
 * every other field (so a swapped or skipped field shows), arrays get two
 * elements, and nullable fields are null on every other visit. Fields absent
 * in the version hold their defaults, which is what a decoder must produce.
 */
export function sampleMessage(spec: MessageSpec, version: number, nullFirst: boolean): any {
  return new Sampler(version, nullFirst).struct(spec.fields);
}

export function versionsOf(spec: MessageSpec): number[] {
  const { min, max } = parseVersions(spec.validVersions);
  return Array.from({ length: max - min + 1 }, (_, i) => min + i);
}

class Sampler {
  private counter = 0;

  constructor(
    private readonly version: number,
    private nextIsNull: boolean,
  ) {}

  struct(fields: readonly FieldSpec[]): any {
    const out: Record<string, unknown> = {};
    for (const f of fields) {
      out[f.name] = inRange(parseVersions(f.versions), this.version) ? this.field(f) : defaultOf(f);
    }
    return out;
  }

  private field(f: FieldSpec): unknown {
    if (inRange(parseVersions(f.nullableVersions), this.version)) {
      const isNull = this.nextIsNull;
      this.nextIsNull = !isNull;
      if (isNull) return null;
    }
    if (f.type.startsWith('[]')) {
      const element = f.type.slice(2);
      return [this.element(element, f), this.element(element, f)];
    }
    return f.fields ? this.struct(f.fields) : this.primitive(f.type, f.default);
  }

  private element(type: string, f: FieldSpec): unknown {
    return f.fields ? this.struct(f.fields) : this.primitive(type, undefined);
  }

  private primitive(type: string, fieldDefault: unknown): unknown {
    const n = ++this.counter;
    const sign = n % 2 === 0 ? 1 : -1;
    const pick = (v: number) => (v === fieldDefault ? v + 1 : v);
    switch (type) {
      case 'bool':
        return fieldDefault !== true;
      case 'int8':
        return pick(sign * ((n % 100) + 1));
      case 'int16':
        return pick(sign * (1000 + n));
      case 'uint16':
        return pick(40000 + n);
      case 'int32':
        return pick(sign * (100000 + n));
      case 'uint32':
        return pick(3_000_000_000 + n);
      case 'int64':
        return pick(sign * (2 ** 40 + n));
      case 'float64':
        return n + 0.5;
      case 'string':
        // A two-byte character catches lengths counted in characters instead of bytes.
        return `s${n}é`;
      case 'bytes':
      case 'records':
        return Buffer.from([n & 0xff, 0xbe, 0xef]);
      case 'uuid':
        return Buffer.alloc(16, (n % 255) + 1);
      default:
        throw new Error(`no sample for type "${type}"`);
    }
  }
}

/** The documented defaults of schema.ts, spelled out independently of the codec. */
function defaultOf(f: FieldSpec): unknown {
  if (f.type.startsWith('[]')) return f.default === null ? null : [];
  if (f.fields) return Object.fromEntries(f.fields.map((sub) => [sub.name, defaultOf(sub)]));
  if (f.default !== undefined) return f.default;
  const nullable = inRange(parseVersions(f.nullableVersions), parseVersions(f.versions).min);
  switch (f.type) {
    case 'bool':
      return false;
    case 'string':
      return nullable ? null : '';
    case 'bytes':
      return nullable ? null : Buffer.alloc(0);
    case 'records':
      return null;
    case 'uuid':
      return Buffer.alloc(16);
    default:
      return 0;
  }
}
