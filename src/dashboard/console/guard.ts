import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Loopback needs no token: whoever reaches it is already on this machine. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

/**
 * The token the console's changing actions (create, delete, produce, reset) need, or
 * undefined when none is needed: bound to loopback and none was set.
 */
export function consoleToken(host: string, given: string | undefined): string | undefined {
  if (given !== undefined) return given;
  return isLoopback(host) ? undefined : randomBytes(18).toString('base64url');
}

/** A preHandler that refuses a changing request without the token (sent as `x-console-token`). */
export function requireToken(token: string | undefined) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (token === undefined) return;
    const sent = Buffer.from(String(request.headers['x-console-token'] ?? ''));
    const expected = Buffer.from(token);
    if (sent.length === expected.length && timingSafeEqual(sent, expected)) return;
    await reply.code(401).send({ error: 'this action needs the console token: the dashboard printed it at start, or pass the one set with --token' });
  };
}
