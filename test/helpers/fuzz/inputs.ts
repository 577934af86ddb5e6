import { API_SPECS, Fetch, JoinGroup, Produce } from '../../../src/protocol/apis.js';
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
  /** How long the broker may rightly hold its answer (a Fetch's maxWaitMs, at most MAX_WAIT_MS). */
  waitMs: number;
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

/** How the broker will read an input, foreseen with the same decoder: what the harness should expect of it. */
interface Foreseen {
  /** Produce acks=0: Kafka never answers it. */
  silent: boolean;
  /** Fetch's maxWaitMs, or a JoinGroup's rebalance timeout: the broker may rightly wait this long before it answers. */
  waitMs: number;
}

function foresee(payload: Buffer, targets: readonly Target[]): Foreseen {
  const none = { silent: false, waitMs: 0 };
  try {
    const head = peekRequestHeader(payload);
    const served = targets.find((t) => t.apiKey === head.apiKey);
    const spec = API_SPECS.get(head.apiKey);
    if (!served || !spec || head.apiVersion < served.minVersion || head.apiVersion > served.maxVersion) return none;
    if (head.apiKey === Produce.apiKey) return { silent: decodeRequestBody(Produce, head.reader, head.apiVersion).body.acks === 0, waitMs: 0 };
    if (head.apiKey === Fetch.apiKey) return { silent: false, waitMs: Math.max(0, decodeRequestBody(Fetch, head.reader, head.apiVersion).body.maxWaitMs) };
    if (head.apiKey === JoinGroup.apiKey) {
      // A join is held until the group's rebalance ends: at most its rebalance timeout, which v0 takes from the session timeout.
      const join = decodeRequestBody(JoinGroup, head.reader, head.apiVersion).body;
      return { silent: false, waitMs: Math.max(0, head.apiVersion === 0 ? join.sessionTimeoutMs : (join.rebalanceTimeoutMs ?? join.sessionTimeoutMs)) };
    }
    return none;
  } catch {
    return none;
  }
}

/** Longest Fetch wait an input may ask for; a longer one is a valid request the harness would take for a hang. */
export const MAX_WAIT_MS = 1000;

/**
 * A mutation (a bit flip, a header shifted by a byte) can leave Fetch asking
 * for minutes of maxWaitMs, which Kafka honours. The first int32 in the body
 * equal to the value the broker will read is that field (it comes before
 * anything variable-length); it is cut below MAX_WAIT_MS there.
 */
function shortenWait(payload: Buffer, waitMs: number): void {
  const bytes = Buffer.alloc(4);
  bytes.writeInt32BE(waitMs);
  const at = payload.indexOf(bytes, 8);
  if (at !== -1) payload.writeInt32BE(waitMs % MAX_WAIT_MS, at);
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
  let seen = foresee(payload, targets);
  if (target.apiKey === Fetch.apiKey && seen.waitMs > MAX_WAIT_MS) {
    shortenWait(payload, seen.waitMs);
    seen = foresee(payload, targets);
  }
  return { seed, index, target, payload, mutations, ...seen };
}

export function describeInput(input: FuzzInput): string {
  const name = API_SPECS.get(input.target.apiKey)?.name ?? `key ${input.target.apiKey}`;
  return `seed ${input.seed} index ${input.index}: ${name} v${input.target.version} [${input.mutations.join('; ') || 'valid'}]`;
}
