import { newHeaders, type FlumeEvent } from '../event.js';

/** A request body the JSONHandler cannot turn into events; the HTTP source answers 400 with this message. */
export class BadRequestError extends Error {
  override readonly name = 'BadRequestError';
}

/**
 * Flume's JSONHandler: the body is a JSON array of `{"headers": {…}, "body": "…"}`.
 * Header values and the body are strings (numbers and booleans are taken as
 * their text, as Gson does); a missing body is empty.
 */
export function eventsFromJson(text: string): FlumeEvent[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new BadRequestError(`request body is not valid JSON (${(err as Error).message}); send an array of {"headers": {...}, "body": "..."}`);
  }
  if (!Array.isArray(parsed)) throw new BadRequestError('request body must be a JSON array of {"headers": {...}, "body": "..."}');
  return parsed.map((item, i) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw new BadRequestError(`event [${i}] must be an object with "headers" and "body"`);
    const { headers, body } = item as { headers?: unknown; body?: unknown };
    const out = newHeaders();
    if (headers !== undefined && headers !== null) {
      if (typeof headers !== 'object' || Array.isArray(headers)) throw new BadRequestError(`event [${i}].headers must be an object of strings`);
      for (const [k, v] of Object.entries(headers)) out[k] = scalar(v, `event [${i}].headers.${k}`);
    }
    return { headers: out, body: Buffer.from(body === undefined || body === null ? '' : scalar(body, `event [${i}].body`), 'utf8') };
  });
}

function scalar(v: unknown, where: string): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new BadRequestError(`${where} must be a string`);
}
