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
import type { ApiSpec } from './schema.js';
import { Writer } from './writer.js';

/**
 * Whole size-prefixed frames for requests and responses. Frames come back as
 * chunk lists so that record batches reach the socket without a copy.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
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

export function encodeRequest(api: ApiSpec, header: RequestHeader, body: any): Frame {
  const w = startFrame();
  writeRequestHeader(w, header, requestHeaderVersion(isFlexible(api.request, header.apiVersion)));
  codecFor(api.request, header.apiVersion).encode(w, body);
  return finishFrame(w);
}

export function encodeResponse(api: ApiSpec, version: number, correlationId: number, body: any): Frame {
  const w = startFrame();
  writeResponseHeader(w, correlationId, responseHeaderVersion(api.apiKey, isFlexible(api.response, version)));
  codecFor(api.response, version).encode(w, body);
  return finishFrame(w);
}

/** Parses the header prefix of a frame body (the bytes after the size). */
export function peekRequestHeader(payload: Buffer): { reader: Reader; apiKey: number; apiVersion: number; correlationId: number } {
  const reader = new Reader(payload);
  return { reader, ...readRequestHeaderPrefix(reader) };
}

/** Reads the rest of the header and the body, given the API found by the prefix. */
export function decodeRequestBody(api: ApiSpec, reader: Reader, apiVersion: number): { clientId: string | null; body: any } {
  const flexible = isFlexible(api.request, apiVersion);
  const { clientId } = readRequestHeaderRest(reader, requestHeaderVersion(flexible));
  const body = codecFor(api.request, apiVersion).decode(reader);
  return { clientId, body };
}

export function decodeRequest(api: ApiSpec, payload: Buffer): { header: RequestHeader; body: any } {
  const { reader, apiKey, apiVersion, correlationId } = peekRequestHeader(payload);
  const { clientId, body } = decodeRequestBody(api, reader, apiVersion);
  return { header: { apiKey, apiVersion, correlationId, clientId }, body };
}

/** Decodes a response payload (the bytes after the size). */
export function decodeResponse(api: ApiSpec, version: number, payload: Buffer): { correlationId: number; body: any } {
  const reader = new Reader(payload);
  const { correlationId } = readResponseHeader(reader, responseHeaderVersion(api.apiKey, isFlexible(api.response, version)));
  const body = codecFor(api.response, version).decode(reader);
  return { correlationId, body };
}
