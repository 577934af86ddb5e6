import type { Reader } from './reader.js';
import type { Writer } from './writer.js';

export interface RequestHeader {
  apiKey: number;
  apiVersion: number;
  correlationId: number;
  clientId: string | null;
}

/**
 * Request header v0 has no client id; v1 adds it; v2 (flexible APIs) adds a
 * tagged-field section. The client id stays a classic int16 string even in v2,
 * which is a quirk of Kafka's header spec.
 */
export function requestHeaderVersion(flexible: boolean): number {
  return flexible ? 2 : 1;
}

/** ApiVersions always answers with header v0 so a client of any age can read the error. */
export function responseHeaderVersion(apiKey: number, flexible: boolean): number {
  return flexible && apiKey !== API_VERSIONS_KEY ? 1 : 0;
}

const API_VERSIONS_KEY = 18;

export function writeRequestHeader(w: Writer, h: RequestHeader, headerVersion: number): void {
  w.int16(h.apiKey).int16(h.apiVersion).int32(h.correlationId);
  if (headerVersion >= 1) w.nullableString(h.clientId);
  if (headerVersion >= 2) w.uvarint(0);
}

/** Reads the fixed part every request header version shares. */
export function readRequestHeaderPrefix(r: Reader): Pick<RequestHeader, 'apiKey' | 'apiVersion' | 'correlationId'> {
  return { apiKey: r.int16(), apiVersion: r.int16(), correlationId: r.int32() };
}

/** Reads what follows the prefix: the client id, then tagged fields in v2. */
export function readRequestHeaderRest(r: Reader, headerVersion: number): { clientId: string | null } {
  const clientId = headerVersion >= 1 ? r.nullableString() : null;
  if (headerVersion >= 2) skipTaggedFields(r);
  return { clientId };
}

export function writeResponseHeader(w: Writer, correlationId: number, headerVersion: number): void {
  w.int32(correlationId);
  if (headerVersion >= 1) w.uvarint(0);
}

export function readResponseHeader(r: Reader, headerVersion: number): { correlationId: number } {
  const correlationId = r.int32();
  if (headerVersion >= 1) skipTaggedFields(r);
  return { correlationId };
}

export function skipTaggedFields(r: Reader): void {
  const n = r.uvarint();
  for (let i = 0; i < n; i++) {
    r.uvarint();
    r.view(r.uvarint());
  }
}
