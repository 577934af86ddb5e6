import { randomBytes } from 'node:crypto';

/** Loopback needs no token: whoever reaches it is already on this machine. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

/**
 * The token the whole dashboard needs (pages, JSON, sockets, metrics), or undefined when none is needed:
 * bound to loopback and none was set.
 */
export function dashboardToken(host: string, given: string | undefined): string | undefined {
  if (given !== undefined) return given;
  return isLoopback(host) ? undefined : randomBytes(18).toString('base64url');
}
