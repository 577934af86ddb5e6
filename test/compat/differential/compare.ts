import { decodeMessageSet, recordSetMagic } from '../../../src/protocol/records/message-set.js';
import { decodeRecordBatches } from '../../../src/protocol/records/record-batch.js';
import { KNOWN_DIFFERENCES, type KnownDifference } from './known-differences.js';

/**
 * Field-by-field comparison of two decoded responses, one from streamdash and one from
 * Kafka 4.4 to the same request. Only what must differ between two brokers is left out
 * (MUST_DIFFER); every other difference is reported by its path, and a test fails on
 * any that KNOWN_DIFFERENCES does not list with its reason.
 */

/** Fields whose values two brokers cannot share, by field name wherever they appear, with why. */
const MUST_DIFFER: Readonly<Record<string, string>> = {
  throttleTimeMs: 'quota throttling is per broker and per moment',
  clusterId: 'each cluster has its own random id',
  port: 'each broker listens on its own free port',
  topicId: 'topic ids are random UUIDs',
  producerId: 'producer ids are handed out by each broker',
};

/**
 * Fields that differ in value by nature but whose shape must agree: a member id is a
 * broker-made unique string (compared as empty or not), an error message is free text
 * (compared as present or not; the error code beside it is compared exactly).
 */
const SHAPE_ONLY: ReadonlySet<string> = new Set(['memberId', 'leader', 'errorMessage']);

/** `records` fields hold record batches: they are compared decoded, not byte for byte. */
const RECORD_FIELDS: ReadonlySet<string> = new Set(['records']);

export interface Difference {
  /** `Api vN` and the path of the field, such as `Metadata v9 topics[0].partitions[1].leaderId`. */
  where: string;
  ours: string;
  kafka: string;
}

function show(v: unknown): string {
  if (v === undefined) return 'absent';
  if (Buffer.isBuffer(v)) return `bytes(${v.toString('hex')})`;
  if (typeof v === 'bigint') return `${v}n`;
  return JSON.stringify(v) ?? String(v);
}

function shapeOf(field: string, v: unknown): unknown {
  if (field === 'errorMessage') return v === null || v === undefined ? null : '<message>';
  return v === '' ? '' : '<id>';
}

function decodedRecords(v: unknown): unknown {
  // Only the wire's bytes are decoded: a batch's own `records`, already decoded, is compared as it is.
  if (!Buffer.isBuffer(v)) return v;
  if (v.length === 0) return [];
  // Fetch v0-v3 answers in the old message format (magic 0 or 1): compared message by message, a
  // cut last message left out as clients leave it.
  const magic = recordSetMagic(v);
  if (magic !== null && magic < 2) return decodeMessageSet(v, { allowPartialTail: true });
  return decodeRecordBatches(v).map((b) => ({ ...b, records: b.records.map((r) => ({ ...r })) }));
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v);
}

function walk(path: string, field: string, ours: unknown, kafka: unknown, out: Difference[]): void {
  if (field in MUST_DIFFER) return;
  if (SHAPE_ONLY.has(field)) {
    ours = shapeOf(field, ours);
    kafka = shapeOf(field, kafka);
  }
  if (RECORD_FIELDS.has(field)) {
    ours = decodedRecords(ours);
    kafka = decodedRecords(kafka);
    // The decoded batches or messages are walked as plain values from here on.
    field = '';
  }
  if (Array.isArray(ours) && Array.isArray(kafka)) {
    if (ours.length !== kafka.length) out.push({ where: `${path}.length`, ours: String(ours.length), kafka: String(kafka.length) });
    for (let i = 0; i < Math.min(ours.length, kafka.length); i++) walk(`${path}[${i}]`, field, ours[i], kafka[i], out);
    return;
  }
  if (isPlainObject(ours) && isPlainObject(kafka)) {
    for (const key of new Set([...Object.keys(ours), ...Object.keys(kafka)])) walk(path === '' ? key : `${path}.${key}`, key, ours[key], kafka[key], out);
    return;
  }
  if (Buffer.isBuffer(ours) && Buffer.isBuffer(kafka) && ours.equals(kafka)) return;
  if (Object.is(ours, kafka)) return;
  // The decoder reads int64s as numbers or bigints by size; equal values are equal.
  if ((typeof ours === 'bigint' || typeof ours === 'number') && (typeof kafka === 'bigint' || typeof kafka === 'number') && BigInt(ours) === BigInt(kafka)) return;
  out.push({ where: path, ours: show(ours), kafka: show(kafka) });
}

/** Every difference between two decoded responses, each `where` prefixed by `label` (such as `Metadata v9`). */
export function differences(label: string, ours: unknown, kafka: unknown): Difference[] {
  const out: Difference[] = [];
  walk('', '', ours, kafka, out);
  return out.map((d) => ({ ...d, where: d.where === '' ? label : `${label} ${d.where}` }));
}

function matches(k: KnownDifference, where: string): boolean {
  const pattern = k.where.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${pattern}$`).test(where);
}

/** The listed difference that explains `d`, if any. */
export function knownDifference(d: Difference, known: readonly KnownDifference[] = KNOWN_DIFFERENCES): KnownDifference | undefined {
  return known.find((k) => matches(k, d.where));
}

/** Listed differences seen in this run, so a last check can name the listed ones no longer seen. */
export const seenKnown = new Set<KnownDifference>();

/**
 * The differences no entry of `known` (by default KNOWN_DIFFERENCES, against Kafka 4.4)
 * explains, as lines to fail with; notes the explained ones as seen.
 */
export function unexplained(diffs: readonly Difference[], known: readonly KnownDifference[] = KNOWN_DIFFERENCES, kafka = 'Kafka 4.4'): string[] {
  const lines: string[] = [];
  for (const d of diffs) {
    const k = knownDifference(d, known);
    if (k) seenKnown.add(k);
    else lines.push(`${d.where}: streamdash ${d.ours}, ${kafka} ${d.kafka}`);
  }
  return lines;
}
