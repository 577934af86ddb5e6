import { inRange, parseVersions, type FieldSpec, type MessageSpec } from '../../../src/protocol/schema.js';
import { isFlexible } from '../../../src/protocol/codec.js';
import { CompressionType } from '../../../src/protocol/records/compression/compression-type.js';
import { encodeRecordBatch } from '../../../src/protocol/records/record-batch.js';
import { Writer } from '../../../src/protocol/writer.js';
import type { Random } from './random.js';

/**
 * Where one wire element of a generated request lies, so mutations can aim at
 * structure (a length, a count, a tag section) instead of at random bytes.
 * `width` is the element's fixed size, or 'varint' for the flexible encodings.
 */
export interface Span {
  kind: 'int' | 'length' | 'count' | 'utf8' | 'tags' | 'records';
  start: number;
  end: number;
  width: 1 | 2 | 4 | 8 | 'varint';
  /** The field's name, for naming a finding. */
  field: string;
}

export interface ValidRequest {
  /** The request body as the spec encodes it at this version (no header). */
  body: Buffer;
  spans: Span[];
}

/**
 * Topics, groups and transactional ids the fuzzer may touch. None is the steady
 * producer's topic or group, so a fuzzed DeleteTopics or DeleteRecords cannot
 * take away what the steady pair counts.
 */
const TOPICS = ['fuzz-t0', 'fuzz-t1', 'fuzz-t2', 'fuzz-new'];
const CONFIG_NAMES = ['retention.ms', 'cleanup.policy', 'segment.bytes', 'fuzz.unknown.config'];

/**
 * A sensible value for an integer field, by its name. Fields that make the broker
 * wait (Fetch's maxWaitMs, a group's rebalance timeout) stay short, so a wait
 * the protocol allows is never mistaken for a hang; mutations keep to that too (see waitField).
 */
function sensibleInt(r: Random, name: string, index: number): number {
  const n = name.toLowerCase();
  if (waitField(name)) return r.int(0, 200);
  if (n === 'sessiontimeoutms') return r.pick([6000, 10000, 30000]);
  if (n === 'acks') return r.pick([-1, 1, 1, 0]);
  if (n.includes('partition') && !n.includes('count') && !n.includes('num')) return r.int(0, 2);
  if (n === 'numpartitions' || n === 'count') return r.int(1, 3);
  if (n === 'replicationfactor') return r.pick([1, -1]);
  if (n.includes('producerid')) return -1;
  if (n.includes('epoch')) return r.pick([-1, 0]);
  if (n.includes('offset')) return r.pick([-2, -1, 0, 1, 5]);
  if (n.includes('timestamp')) return r.pick([-2, -1, Date.now()]);
  if (n === 'replicaid' || n === 'brokerid') return -1;
  if (n.includes('maxbytes') || n === 'minbytes') return r.pick([0, 1, 1024, 1 << 20]);
  if (n.includes('type')) return r.int(0, 4);
  if (n.includes('generation')) return r.pick([-1, 0, 1]);
  return index % 2 === 0 ? r.int(0, 3) : r.int(-1, 10);
}

/** Fields whose value is a time the broker may wait for: only short values are sent, valid or mutated. */
export function waitField(name: string): boolean {
  return /^(maxWaitMs|rebalanceTimeoutMs|timeoutMs|timeout)$/i.test(name);
}

function sensibleString(r: Random, name: string, index: number): string {
  const n = name.toLowerCase();
  if (n === 'groupid' || (n === 'key' && r.chance(0.3))) return `fuzz-g${index}`;
  if (n.includes('transactionalid')) return `fuzz-x${index % 5}`;
  if (n === 'protocoltype') return 'consumer';
  if (n === 'memberid' || n === 'groupinstanceid') return '';
  if (n === 'name' && r.chance(0.2)) return r.pick(CONFIG_NAMES);
  if (n.includes('name') || n.includes('topic') || n === 'resourcename') return r.pick(TOPICS);
  if (n.includes('mechanism')) return r.pick(['PLAIN', 'SCRAM-SHA-256', 'GSSAPI']);
  if (n === 'value' || n.includes('config')) return r.pick(['1000', 'delete', 'compact', '-1', 'x']);
  return r.bytes(r.int(0, 12)).toString('base64url');
}

/** A valid batch, sometimes compressed (not zstd: Node 20's zlib cannot write it). */
function recordBatch(r: Random): Buffer {
  const n = r.int(1, 4);
  const now = Date.now();
  const records = Array.from({ length: n }, (_, i) => ({
    key: r.chance(0.5) ? null : r.bytes(r.int(0, 8)),
    value: r.chance(0.1) ? null : r.bytes(r.int(0, 40)),
    headers: r.chance(0.2) ? [{ key: 'h', value: r.bytes(3) }] : [],
    timestamp: now + i,
  }));
  return encodeRecordBatch({ compression: r.pick([CompressionType.None, CompressionType.None, CompressionType.Gzip, CompressionType.Snappy, CompressionType.Lz4]), records });
}

class Emitter {
  readonly w = new Writer(256);
  readonly spans: Span[] = [];

  constructor(
    readonly r: Random,
    readonly version: number,
    readonly flexible: boolean,
    readonly index: number,
  ) {}

  private mark(kind: Span['kind'], width: Span['width'], field: string, write: () => void): void {
    const start = this.w.length;
    write();
    this.spans.push({ kind, start, end: this.w.length, width, field });
  }

  private length(n: number, int16: boolean, field: string): void {
    if (this.flexible) this.mark('length', 'varint', field, () => this.w.uvarint(n + 1));
    else if (int16) this.mark('length', 2, field, () => this.w.int16(n));
    else this.mark('length', 4, field, () => this.w.int32(n));
  }

  private count(n: number, field: string): void {
    if (this.flexible) this.mark('count', 'varint', field, () => this.w.uvarint(n + 1));
    else this.mark('count', 4, field, () => this.w.int32(n));
  }

  private primitive(type: string, nullable: boolean, name: string): void {
    const { r, w } = this;
    switch (type) {
      case 'bool':
        return this.mark('int', 1, name, () => w.int8(r.int(0, 1)));
      case 'int8':
        return this.mark('int', 1, name, () => w.int8(Math.max(-128, Math.min(127, sensibleInt(r, name, this.index)))));
      case 'int16':
        return this.mark('int', 2, name, () => w.int16(Math.max(-32768, Math.min(32767, sensibleInt(r, name, this.index)))));
      case 'uint16':
        return this.mark('int', 2, name, () => w.uint16(r.int(0, 3)));
      case 'int32':
        return this.mark('int', 4, name, () => w.int32(sensibleInt(r, name, this.index)));
      case 'uint32':
        return this.mark('int', 4, name, () => w.uint32(r.int(0, 3)));
      case 'int64':
        return this.mark('int', 8, name, () => w.int64(sensibleInt(r, name, this.index)));
      case 'float64':
        return this.mark('int', 8, name, () => w.float64(r.next()));
      case 'uuid':
        return this.mark('int', 8, name, () => w.raw(r.chance(0.5) ? Buffer.alloc(16) : r.bytes(16)));
      case 'string': {
        if (nullable && r.chance(0.2)) return this.length(-1, true, name);
        const bytes = Buffer.from(sensibleString(r, name, this.index));
        this.length(bytes.length, true, name);
        return this.mark('utf8', 1, name, () => w.raw(bytes));
      }
      case 'bytes':
      case 'records': {
        if (nullable && r.chance(type === 'records' ? 0.05 : 0.2)) return this.length(-1, false, name);
        const bytes = type === 'records' ? recordBatch(r) : r.bytes(r.int(0, 16));
        this.length(bytes.length, false, name);
        return this.mark(type === 'records' ? 'records' : 'utf8', 1, name, () => w.raw(bytes));
      }
      default:
        throw new Error(`fuzzer: unknown primitive type "${type}" in ${name}`);
    }
  }

  field(f: FieldSpec): void {
    const nullable = inRange(parseVersions(f.nullableVersions), this.version);
    if (f.type.startsWith('[]')) {
      if (nullable && this.r.chance(0.15)) return this.count(-1, f.name);
      const n = this.r.int(0, 3);
      this.count(n, f.name);
      const element = f.type.slice(2);
      for (let i = 0; i < n; i++) {
        if (f.fields) this.struct(f.fields);
        else this.primitive(element, false, f.name);
      }
    } else if (f.fields) {
      if (nullable) {
        const present = this.r.chance(0.8);
        this.mark('int', 1, f.name, () => this.w.int8(present ? 1 : -1));
        if (!present) return;
      }
      this.struct(f.fields);
    } else this.primitive(f.type, nullable, f.name);
  }

  struct(fields: readonly FieldSpec[]): void {
    const tagged: FieldSpec[] = [];
    for (const f of fields) {
      if (!inRange(parseVersions(f.versions), this.version)) continue;
      if (this.flexible && inRange(parseVersions(f.taggedVersions), this.version)) tagged.push(f);
      else this.field(f);
    }
    if (this.flexible) this.tags(tagged);
  }

  /** The tag section: some of the known tagged fields, each encoded into its own size-prefixed slot. */
  private tags(tagged: readonly FieldSpec[]): void {
    const chosen = tagged.filter(() => this.r.chance(0.5)).sort((a, b) => (a.tag ?? 0) - (b.tag ?? 0));
    this.mark('tags', 'varint', 'tags', () => this.w.uvarint(chosen.length));
    for (const f of chosen) {
      const inner = new Emitter(this.r, this.version, this.flexible, this.index);
      inner.field(f);
      const bytes = inner.w.toBuffer();
      this.w.uvarint(f.tag ?? 0);
      this.w.uvarint(bytes.length);
      const at = this.w.length;
      this.w.raw(bytes);
      for (const s of inner.spans) this.spans.push({ ...s, start: s.start + at, end: s.end + at });
    }
  }
}

/** A request body that fits `spec` at `version`, with values a real client could send. */
export function validRequest(spec: MessageSpec, version: number, r: Random, index: number): ValidRequest {
  const e = new Emitter(r, version, isFlexible(spec, version), index);
  e.struct(spec.fields);
  return { body: e.w.toBuffer(), spans: e.spans };
}
