import { codecFor, isFlexible } from './codec.js';
import {
  readRequestHeaderPrefix,
  readRequestHeaderRest,
  readResponseHeader,
  requestHeaderVersion,
  responseHeaderVersion,
  writeRequestHeader,
  writeResponseHeader,
  type RequestHeader,
} from './headers.js';
import { Reader } from './reader.js';
import type { Decoded, Encodable } from './message-types.js';
import type { ApiSpec } from './schema.js';
import { Writer } from './writer.js';

/**
 * Whole size-prefixed frames for requests and responses. Frames come back as
 * chunk lists so that record batches reach the socket without a copy.
 */
export interface Frame {
  chunks: Buffer[];
  size: number;
}

function startFrame(): Writer {
  return new Writer(1024).int32(0);
}

function finishFrame(w: Writer): Frame {
  const size = w.length;
  const chunks = w.toChunks();
  chunks[0]!.writeInt32BE(size - 4, 0);
  return { chunks, size };
}

/** The request body to send at version `V` (every valid version when `V` is not a literal). */
export type RequestBody<S extends ApiSpec, V extends number = number> = Encodable<S['request'], V, V>;
/** The response body received at version `V`. */
export type ResponseBody<S extends ApiSpec, V extends number = number> = Decoded<S['response'], V, V>;

export function encodeRequest<S extends ApiSpec, V extends number>(api: S, header: RequestHeader & { apiVersion: V }, body: RequestBody<S, V>): Frame {
  const w = startFrame();
  writeRequestHeader(w, header, requestHeaderVersion(isFlexible(api.request, header.apiVersion)));
  codecFor<S['request'], V>(api.request, header.apiVersion).encode(w, body);
  return finishFrame(w);
}

export function encodeResponse<S extends ApiSpec, V extends number>(api: S, version: V, correlationId: number, body: Encodable<S['response'], V, V>): Frame {
  const w = startFrame();
  writeResponseHeader(w, correlationId, responseHeaderVersion(api.apiKey, isFlexible(api.response, version)));
  codecFor<S['response'], V>(api.response, version).encode(w, body);
  return finishFrame(w);
}

/** Parses the header prefix of a frame body (the bytes after the size). */
export function peekRequestHeader(payload: Buffer): { reader: Reader; apiKey: number; apiVersion: number; correlationId: number } {
  const reader = new Reader(payload);
  return { reader, ...readRequestHeaderPrefix(reader) };
}

/** Reads the rest of the header and the body, given the API found by the prefix. */
export function decodeRequestBody<S extends ApiSpec, V extends number>(
  api: S,
  reader: Reader,
  apiVersion: V,
): { clientId: string | null; body: Decoded<S['request'], V, V> } {
  const flexible = isFlexible(api.request, apiVersion);
  const { clientId } = readRequestHeaderRest(reader, requestHeaderVersion(flexible));
  const body = codecFor<S['request'], V>(api.request, apiVersion).decode(reader);
  return { clientId, body };
}

export function decodeRequest<S extends ApiSpec>(api: S, payload: Buffer): { header: RequestHeader; body: Decoded<S['request'], number, number> } {
  const { reader, apiKey, apiVersion, correlationId } = peekRequestHeader(payload);
  const { clientId, body } = decodeRequestBody(api, reader, apiVersion);
  return { header: { apiKey, apiVersion, correlationId, clientId }, body };
}

/** Decodes a response payload (the bytes after the size). */
export function decodeResponse<S extends ApiSpec, V extends number>(api: S, version: V, payload: Buffer): { correlationId: number; body: ResponseBody<S, V> } {
  const reader = new Reader(payload);
  const { correlationId } = readResponseHeader(reader, responseHeaderVersion(api.apiKey, isFlexible(api.response, version)));
  const body = codecFor<S['response'], V>(api.response, version).decode(reader);
  return { correlationId, body };
}
