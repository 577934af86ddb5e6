import { API_SPECS, Produce } from '../../../src/protocol/apis.js';
import { isFlexible } from '../../../src/protocol/codec.js';
import { decodeRequestBody, peekRequestHeader } from '../../../src/protocol/messages.js';
import { Writer } from '../../../src/protocol/writer.js';
import { pickMutation } from './mutate.js';
import { Random } from './random.js';
import { validRequest } from './valid-request.js';

/** One API and version the broker advertises. */
export interface Target {
  apiKey: number;
  version: number;
  /** The broker's range for this API, to tell which inputs it will decode. */
  minVersion: number;
  maxVersion: number;
}

export interface FuzzInput {
  seed: number;
  index: number;
  /** The API and version the input was generated from (a header mutation may send another). */
  target: Target;
  /** The frame payload (no size prefix); bytes 4..8 are the correlation id, filled in when sent. */
  payload: Buffer;
  /** What was done to the valid encoding, to name a finding. */
  mutations: string[];
  /** Produce with acks=0 that the broker will decode: no response is the right answer. */
  silent: boolean;
}

/** Every API × version the broker advertises, in API key order, from its ApiVersions answer. */
export function targetsOf(apiKeys: readonly { apiKey: number; minVersion: number; maxVersion: number }[]): Target[] {
  const out: Target[] = [];
  for (const k of [...apiKeys].sort((a, b) => a.apiKey - b.apiKey)) {
    if (!API_SPECS.has(k.apiKey)) throw new Error(`the broker advertises API key ${k.apiKey}, which src/protocol/apis.ts has no schema for: add it there`);
    for (let v = k.minVersion; v <= k.maxVersion; v++) out.push({ apiKey: k.apiKey, version: v, minVersion: k.minVersion, maxVersion: k.maxVersion });
  }
  return out;
}

/** The header as a real client writes it, except when the input's header is the thing mutated. */
function header(w: Writer, t: Target, flexible: boolean, r: Random, mutations: string[]): void {
  let apiKey = t.apiKey;
  let version = t.version;
  let headerVersion = flexible ? 2 : 1;
  let clientId: string | null = r.chance(0.1) ? null : 'fuzz';
  if (r.chance(0.08)) {
    const kind = r.int(0, 4);
    if (kind === 0) headerVersion = r.pick([0, 1, 2].filter((v) => v !== headerVersion));
    else if (kind === 1) version = r.pick([t.version - 1, t.version + 1, -1, 32767]);
    else if (kind === 2) apiKey = r.pick([t.apiKey === 18 ? 3 : 18, -1, 1000, r.int(0, 80)]);
    else if (kind === 3) clientId = '\u{1F600}'.repeat(r.int(1, 3));
    else headerVersion = -1;
    mutations.push(`header: key ${apiKey} v${version} header v${headerVersion}`);
  }
  w.int16(apiKey).int16(version).int32(0);
  if (headerVersion === -1) {
    // A client id length that lies.
    w.int16(r.pick([-2, 100, 32767]));
    return;
  }
  if (headerVersion >= 1) w.nullableString(clientId);
  if (headerVersion >= 2) w.uvarint(0);
}

/** Whether the broker will decode this as Produce acks=0, which Kafka never answers. */
function isSilent(payload: Buffer, targets: readonly Target[]): boolean {
  try {
    const head = peekRequestHeader(payload);
    if (head.apiKey !== Produce.apiKey) return false;
    const served = targets.find((t) => t.apiKey === Produce.apiKey);
    if (!served || head.apiVersion < served.minVersion || head.apiVersion > served.maxVersion) return false;
    return decodeRequestBody(Produce, head.reader, head.apiVersion).body.acks === 0;
  } catch {
    return false;
  }
}

/**
 * Input `index` of the run seeded `seed`: a valid request for one target
 * (the index picks it, so every target gets its share), then 0 to 3 mutations.
 * The same (seed, index, targets) always gives the same bytes.
 */
export function fuzzInput(seed: number, index: number, targets: readonly Target[]): FuzzInput {
  const r = new Random(seed, index);
  const target = targets[index % targets.length]!;
  const spec = API_SPECS.get(target.apiKey)!.request;
  const flexible = isFlexible(spec, target.version);
  const mutations: string[] = [];
  const w = new Writer(256);
  header(w, target, flexible, r, mutations);
  const m = validRequest(spec, target.version, r, index);
  // About one input in twenty stays valid: the broker must keep answering well-formed requests too.
  const n = r.chance(0.05) ? 0 : r.pick([1, 1, 1, 1, 2, 3]);
  for (let i = 0; i < n; i++) mutations.push(pickMutation(r)(m, r));
  w.raw(m.body);
  const payload = w.toBuffer();
  return { seed, index, target, payload, mutations, silent: isSilent(payload, targets) };
}

export function describeInput(input: FuzzInput): string {
  const name = API_SPECS.get(input.target.apiKey)?.name ?? `key ${input.target.apiKey}`;
  return `seed ${input.seed} index ${input.index}: ${name} v${input.target.version} [${input.mutations.join('; ') || 'valid'}]`;
}
