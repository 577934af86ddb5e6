import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { after, before, describe, it } from 'node:test';
import { startDashboard, type Dashboard } from '../../src/dashboard/server.js';
import { SESSION_COOKIE } from '../../src/dashboard/plugins/access.js';
import { inProcessBroker } from '../helpers/broker.js';
import { makeTestCerts, type TestCerts } from '../helpers/tls-certs.js';

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One request, redirects not followed, so each step of a login is seen; `ca` makes it HTTPS trusting that CA. */
function call(url: string, o: { method?: string; headers?: Record<string, string>; body?: string; ca?: Buffer } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const send = o.ca ? httpsRequest : httpRequest;
    const req = send(url, { method: o.method ?? 'GET', headers: o.headers, ...(o.ca && { ca: o.ca }) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(o.body);
  });
}

const HTML = { accept: 'text/html,application/xhtml+xml' };

/** The cookie a Set-Cookie hands out, as a Cookie header would carry it back. */
function sessionCookie(a: Answer): string {
  const set = a.headers['set-cookie']?.find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  assert.ok(set, `a session cookie is set; got ${JSON.stringify(a.headers['set-cookie'])}`);
  return set.split(';')[0]!;
}

function form(fields: Record<string, string>) {
  return { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() };
}

describe('the dashboard asks for its token', { timeout: 60_000 }, () => {
  let broker: Awaited<ReturnType<typeof inProcessBroker>>;

  before(async () => {
    broker = await inProcessBroker();
  });
  after(async () => {
    await broker?.stop();
  });

  it('on loopback with no --token every page, API and socket is open', async () => {
    const open = await startDashboard({ bootstrap: broker.bootstrap, port: 0, pollIntervalMs: 60_000 });
    try {
      assert.equal(open.token, undefined);
      assert.equal((await call(`${open.url}/taobao`, { headers: HTML })).status, 200);
      assert.equal((await call(`${open.url}/api/console/topics`)).status, 200);
      assert.equal((await call(`${open.url}/socket.io/?EIO=4&transport=polling`)).status, 200);
      assert.equal(open.link('/taobao'), `${open.url}/taobao`);
    } finally {
      await open.close();
    }
  });

  describe('with a token', () => {
    let d: Dashboard;
    before(async () => {
      d = await startDashboard({ bootstrap: broker.bootstrap, port: 0, pollIntervalMs: 60_000, token: 'tok-3n' });
    });
    after(async () => {
      await d?.close();
    });

    it('sends a browser without a session to /login, and answers a script 401 naming what to send', async () => {
      const page = await call(`${d.url}/console?x=1`, { headers: HTML });
      assert.equal(page.status, 303);
      assert.equal(page.headers.location, `/login?next=${encodeURIComponent('/console?x=1')}`);
      for (const path of ['/api/console/topics', '/metrics', '/taobao']) {
        const refused = await call(`${d.url}${path}`);
        assert.equal(refused.status, 401, path);
        assert.match(refused.body, /Authorization: Bearer/);
      }
      assert.equal((await call(`${d.url}/assets/dashboard.css`)).status, 200, 'the login page can load its stylesheet');
    });

    it('a script gets in with Authorization: Bearer, and not with a wrong one', async () => {
      assert.equal((await call(`${d.url}/metrics`, { headers: { authorization: 'Bearer tok-3n' } })).status, 200);
      assert.equal((await call(`${d.url}/metrics`, { headers: { authorization: 'Bearer tok-3m' } })).status, 401);
    });

    it('a login with the right token gives a session cookie that opens the pages and the socket; a wrong one is refused', async () => {
      const wrong = await call(`${d.url}/login`, form({ token: 'nope', next: '/courses' }));
      assert.equal(wrong.status, 401);
      assert.equal(wrong.headers['set-cookie'], undefined);
      assert.match(wrong.body, /id="login-refused"/);

      const right = await call(`${d.url}/login`, form({ token: 'tok-3n', next: '/courses' }));
      assert.equal(right.status, 303);
      assert.equal(right.headers.location, '/courses');
      const setCookie = right.headers['set-cookie']!.join('');
      assert.match(setCookie, /HttpOnly/);
      assert.match(setCookie, /SameSite=Strict/);
      assert.doesNotMatch(setCookie, /Secure/, 'plain HTTP: a Secure cookie would never be sent back');
      assert.doesNotMatch(setCookie, /tok-3n/, 'the cookie is not the token');
      const cookie = sessionCookie(right);

      assert.equal((await call(`${d.url}/courses`, { headers: { ...HTML, cookie } })).status, 200);
      assert.equal((await call(`${d.url}/api/console/topics`, { headers: { cookie } })).status, 200);
      assert.equal((await call(`${d.url}/socket.io/?EIO=4&transport=polling`)).status, 403, 'no socket without a session');
      assert.equal((await call(`${d.url}/socket.io/?EIO=4&transport=polling`, { headers: { cookie } })).status, 200);
      const foreignSocket = await call(`${d.url}/socket.io/?EIO=4&transport=polling`, { headers: { cookie, origin: 'http://evil.example' } });
      assert.equal(foreignSocket.status, 403, "another site's page cannot open the socket with the visitor's cookie");
    });

    it('the printed link trades its token for a cookie and a clean URL; a wrong token in a link is refused', async () => {
      const link = d.link('/taobao');
      assert.equal(link, `${d.url}/taobao?token=tok-3n`);
      const first = await call(link, { headers: HTML });
      assert.equal(first.status, 303);
      assert.equal(first.headers.location, '/taobao');
      assert.equal((await call(`${d.url}/taobao`, { headers: { ...HTML, cookie: sessionCookie(first) } })).status, 200);
      assert.equal((await call(`${d.url}/taobao?token=tok-3m`, { headers: HTML })).status, 401);
    });

    it('a change sent from another site is refused even with the session, and nothing changes', async () => {
      const cookie = sessionCookie(await call(`${d.url}/login`, form({ token: 'tok-3n', next: '/' })));
      const create = (origin: string) =>
        call(`${d.url}/api/console/topics`, {
          method: 'POST',
          headers: { cookie, origin, 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'access-cross-site', partitions: 1 }),
        });
      assert.equal((await create('http://evil.example')).status, 403);
      const topics = JSON.parse((await call(`${d.url}/api/console/topics`, { headers: { cookie } })).body) as { topics: { name: string }[] };
      assert.ok(!topics.topics.some((t) => t.name === 'access-cross-site'), 'the refused change created nothing');
      assert.equal((await create(new URL(d.url).origin)).status, 201, 'the same change from its own page goes through');
    });

    it('goes back only to a path on this server after a login', async () => {
      for (const next of ['//evil.example/x', 'https://evil.example/', '/\\evil.example']) {
        const answer = await call(`${d.url}/login`, form({ token: 'tok-3n', next }));
        assert.equal(answer.headers.location, '/', next);
      }
      const page = await call(`${d.url}/login?next=${encodeURIComponent('/"><script>x</script>')}`);
      assert.doesNotMatch(page.body, /<script>x/, 'the path to return to is escaped');
    });
  });

  it('bound beyond loopback with no --token, it makes a random one and asks for it', async () => {
    const wide = await startDashboard({ bootstrap: broker.bootstrap, host: '0.0.0.0', port: 0, pollIntervalMs: 60_000 });
    try {
      assert.ok(wide.token !== undefined && wide.token.length >= 20, 'a random token');
      const local = `http://127.0.0.1:${wide.port}`;
      assert.equal((await call(`${local}/api/console/topics`)).status, 401);
      assert.equal((await call(`${local}/api/console/topics`, { headers: { authorization: `Bearer ${wide.token}` } })).status, 200);
    } finally {
      await wide.close();
    }
  });

  describe('over TLS', () => {
    let certs: TestCerts;
    before(() => {
      certs = makeTestCerts();
    });
    after(() => certs?.remove());

    it('serves the pages over HTTPS with the broker\'s certificate files, and the session cookie is Secure', async () => {
      const tls = await startDashboard({
        bootstrap: broker.bootstrap,
        host: '127.0.0.1',
        port: 0,
        pollIntervalMs: 60_000,
        token: 'tls-tok',
        tls: { certFile: certs.serverCert, keyFile: certs.serverKey },
      });
      try {
        assert.match(tls.url, /^https:\/\//);
        const ca = readFileSync(certs.caCert);
        const login = await call(`${tls.url}/login`, { ...form({ token: 'tls-tok', next: '/system' }), ca });
        assert.equal(login.status, 303);
        assert.match(login.headers['set-cookie']!.join(''), /; Secure/);
        assert.equal((await call(`${tls.url}/system`, { headers: { ...HTML, cookie: sessionCookie(login) }, ca })).status, 200);
        await assert.rejects(call(`http://127.0.0.1:${tls.port}/system`), 'plain HTTP is not served beside it');
      } finally {
        await tls.close();
      }
    });

    it('a certificate file that is not PEM is an error naming the flag and the file', async () => {
      await assert.rejects(
        startDashboard({ bootstrap: broker.bootstrap, port: 0, tls: { certFile: certs.serverKey.replace('.key', '.csr.missing'), keyFile: certs.serverKey } }),
        (err: Error) => err.name === 'DashboardTlsError' && /--tls-cert .*\.csr\.missing/.test(err.message),
      );
    });
  });
});
