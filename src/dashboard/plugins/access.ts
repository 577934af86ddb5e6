import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { loginPage } from './login-page.js';

/** The cookie a browser holds after a login; its value is derived from the token, never the token itself. */
export const SESSION_COOKIE = 'streamdash_session';

export interface AccessOptions {
  /** The token every page, API and socket needs; undefined leaves the dashboard open (loopback, no --token). */
  token: string | undefined;
  /** Served over TLS: the cookie is then marked Secure, so it never travels in the clear. */
  secure: boolean;
}

/**
 * The session a browser gets: an HMAC of the token, so that a leaked cookie does not reveal the token, and a
 * dashboard restarted with another token (a random one is made at each start) ends every old session.
 */
function sessionOf(token: string): string {
  return createHmac('sha256', token).update('streamdash dashboard session').digest('base64url');
}

function equal(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return undefined;
}

/** Whether a request carries the token (`Authorization: Bearer`, for scripts and Prometheus) or a session cookie. */
export function admitted(request: Pick<IncomingMessage, 'headers'>, token: string): boolean {
  const auth = request.headers.authorization;
  if (auth?.startsWith('Bearer ') && equal(auth.slice('Bearer '.length).trim(), token)) return true;
  const session = cookie(request.headers.cookie, SESSION_COOKIE);
  return session !== undefined && equal(session, sessionOf(token));
}

/** Only a local path is followed after a login, so /login cannot be used to send someone to another site. */
function localPath(next: unknown): string {
  return typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') && !next.includes('\\') ? next : '/';
}

function wantsPage(request: FastifyRequest): boolean {
  return request.method === 'GET' && (request.headers.accept ?? '').includes('text/html');
}

/**
 * Whether a browser sent this from one of this server's own pages: it names the page's origin (a script or curl sends
 * none). The session cookie is SameSite=Strict and so does not go along from another site anyway; this is the second lock.
 */
export function sameOrigin(request: Pick<IncomingMessage, 'headers'>): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

const plugin: FastifyPluginAsync<AccessOptions> = async (app, { token, secure }) => {
  if (token === undefined) return;
  const session = sessionOf(token);
  const setSession = (reply: FastifyReply) =>
    reply.header('set-cookie', `${SESSION_COOKIE}=${session}; Path=/; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`);

  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 4096 }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });

  app.get<{ Querystring: { next?: string } }>('/login', async (request, reply) =>
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(loginPage(localPath(request.query.next), false)),
  );

  app.post<{ Body: { token?: unknown; next?: unknown } }>('/login', async (request, reply) => {
    const next = localPath(request.body?.next);
    if (typeof request.body?.token !== 'string' || !equal(request.body.token.trim(), token)) {
      return reply.code(401).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(loginPage(next, true));
    }
    return setSession(reply).redirect(next, 303);
  });

  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0]!;
    // The login page and the scripts, styles and icon every page shares: code, no data.
    if (path === '/login' || path.startsWith('/assets/')) return;
    // The URL the dashboard prints at start carries the token once; the browser trades it for a cookie and a clean URL.
    const url = new URL(request.url, 'http://dashboard');
    const given = url.searchParams.get('token');
    if (given !== null && request.method === 'GET' && !path.startsWith('/socket.io')) {
      if (!equal(given, token)) return reply.code(401).type('text/html; charset=utf-8').send(loginPage(path, true));
      url.searchParams.delete('token');
      return setSession(reply).redirect(`${url.pathname}${url.search}`, 303);
    }
    if (!admitted(request.raw, token)) {
      if (wantsPage(request)) return reply.redirect(`/login?next=${encodeURIComponent(request.url)}`, 303);
      return reply.code(401).send({ error: 'this dashboard needs its token: open the URL it printed at start (…?token=…), log in at /login, or send "Authorization: Bearer <token>"' });
    }
    if (request.method !== 'GET' && request.method !== 'HEAD' && !sameOrigin(request.raw)) return reply.code(403).send({ error: `a change from another site (${request.headers.origin}) is refused` });
  });
};

// Guards every route of the server, not only those registered inside this plugin.
(plugin as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;

export const access = plugin;
