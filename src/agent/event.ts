/** A Flume event: string headers and an opaque body. */
export interface FlumeEvent {
  headers: Record<string, string>;
  body: Buffer;
}

/**
 * Headers decoded from the network get a prototype-less object, so a header
 * named `__proto__` is just a header.
 */
export function newHeaders(): Record<string, string> {
  return Object.create(null) as Record<string, string>;
}

export function eventOf(body: string | Buffer, headers: Record<string, string> = newHeaders()): FlumeEvent {
  return { headers, body: typeof body === 'string' ? Buffer.from(body) : body };
}
