import { createHash } from 'node:crypto';
import { newHeaders, type FlumeEvent } from '../event.js';
import { AvroDecodeError, AvroReader, AvroWriter } from './binary.js';

/** flume-ng-sdk's AvroSourceProtocol, as Avro's Protocol.toString() writes it. */
export const PROTOCOL_TEXT = JSON.stringify({
  protocol: 'AvroSourceProtocol',
  namespace: 'org.apache.flume.source.avro',
  types: [
    { type: 'enum', name: 'Status', symbols: ['OK', 'FAILED', 'UNKNOWN'] },
    {
      type: 'record',
      name: 'AvroFlumeEvent',
      fields: [
        { name: 'headers', type: { type: 'map', values: 'string' } },
        { name: 'body', type: 'bytes' },
      ],
    },
  ],
  messages: {
    append: { request: [{ name: 'event', type: 'AvroFlumeEvent' }], response: 'Status' },
    appendBatch: { request: [{ name: 'events', type: { type: 'array', items: 'AvroFlumeEvent' } }], response: 'Status' },
  },
});

export const PROTOCOL_HASH = createHash('md5').update(PROTOCOL_TEXT).digest();

export const STATUS = ['OK', 'FAILED', 'UNKNOWN'] as const;
export type Status = (typeof STATUS)[number];

const MATCH = ['BOTH', 'CLIENT', 'NONE'] as const;
export type HandshakeMatch = (typeof MATCH)[number];

export interface HandshakeRequest {
  clientHash: Buffer;
  clientProtocol: string | null;
  serverHash: Buffer;
}

export interface HandshakeResponse {
  match: HandshakeMatch;
  serverProtocol: string | null;
  serverHash: Buffer | null;
}

function writeBytesMap(w: AvroWriter): void {
  w.map<Buffer>({}, (x, v) => x.bytes(v));
}

function skipMeta(r: AvroReader): void {
  r.map(() => r.bytes(), {});
}

function readOptionalMeta(r: AvroReader): void {
  if (r.long() === 1) skipMeta(r);
}

export function writeHandshakeRequest(w: AvroWriter, h: HandshakeRequest): void {
  w.fixed(h.clientHash);
  if (h.clientProtocol === null) w.long(0);
  else w.long(1).string(h.clientProtocol);
  w.fixed(h.serverHash);
  w.long(0);
}

export function readHandshakeRequest(r: AvroReader): HandshakeRequest {
  const clientHash = r.fixed(16);
  const clientProtocol = r.long() === 1 ? r.string() : null;
  const serverHash = r.fixed(16);
  readOptionalMeta(r);
  return { clientHash, clientProtocol, serverHash };
}

export function writeHandshakeResponse(w: AvroWriter, h: HandshakeResponse): void {
  w.long(MATCH.indexOf(h.match));
  if (h.serverProtocol === null) w.long(0);
  else w.long(1).string(h.serverProtocol);
  if (h.serverHash === null) w.long(0);
  else w.long(1).fixed(h.serverHash);
  w.long(0);
}

export function readHandshakeResponse(r: AvroReader): HandshakeResponse {
  const match = MATCH[r.long()];
  if (!match) throw new AvroDecodeError('unknown handshake match value');
  const serverProtocol = r.long() === 1 ? r.string() : null;
  const serverHash = r.long() === 1 ? Buffer.from(r.fixed(16)) : null;
  readOptionalMeta(r);
  return { match, serverProtocol, serverHash };
}

function writeEvent(w: AvroWriter, e: FlumeEvent): void {
  w.map(e.headers, (x, v) => x.string(v));
  w.bytes(e.body);
}

function readEvent(r: AvroReader): FlumeEvent {
  const headers = r.map(() => r.string(), newHeaders());
  return { headers, body: Buffer.from(r.bytes()) };
}

/** The call part of a request: metadata, message name, parameters. */
export function writeAppendBatchCall(w: AvroWriter, events: readonly FlumeEvent[]): void {
  writeBytesMap(w);
  w.string('appendBatch');
  w.array(events, writeEvent);
}

/** Reads the call after the handshake; an empty message name is Avro's ping, which carries no events. */
export function readCall(r: AvroReader): { message: string; events: FlumeEvent[] } {
  skipMeta(r);
  const message = r.string();
  if (message === '') return { message, events: [] };
  if (message === 'append') return { message, events: [readEvent(r)] };
  if (message === 'appendBatch') return { message, events: r.array(() => readEvent(r)) };
  throw new AvroDecodeError(`unknown message "${message}"; AvroSourceProtocol has append and appendBatch`);
}

export function writeStatusResponse(w: AvroWriter, status: Status): void {
  writeBytesMap(w);
  w.boolean(false);
  w.long(STATUS.indexOf(status));
}

/** A system error, as Avro sends one when a message fails: the error union's string branch. */
export function writeErrorResponse(w: AvroWriter, message: string): void {
  writeBytesMap(w);
  w.boolean(true);
  w.long(0).string(message);
}

export class AvroRemoteError extends Error {
  override readonly name = 'AvroRemoteError';
}

export function readStatusResponse(r: AvroReader): Status {
  skipMeta(r);
  if (r.boolean()) {
    r.long();
    throw new AvroRemoteError(`avro source answered with an error: ${r.string()}`);
  }
  const status = STATUS[r.long()];
  if (!status) throw new AvroDecodeError('unknown Status value in the response');
  return status;
}
