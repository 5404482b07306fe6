// Every authentication strategy through the shared contract, each against a real server that checks its
// credential; then what is particular to a strategy (token expiry, session ttl, login templates).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { HttpService } from '../client.ts';
import type { HttpAuth, HttpSettingsInput } from '../config.ts';
import { HttpCallError } from '../http-call-error.ts';
import { HttpSettingsError } from '../settings-error.ts';
import { createTestCa, type CertKey, type TestCa } from '../../test-support/pki.ts';
import { sendJson, startTestServer, type TestRequest } from '../../test-support/http-server.ts';
import { runAuthenticatorContract, type AuthFixture } from '../../test-support/authenticator-contract.ts';
import { cookieValue } from './session.ts';

interface ServerSpec {
  /** True when the request to /resource carries a good credential. */
  check(req: TestRequest): boolean;
  /** Extra routes (token, login); true when handled. */
  route?(req: TestRequest, res: ServerResponse): boolean;
  tls?: Parameters<typeof startTestServer>[1];
}

/** A server for the contract: /resource checks, /echo and every refusal repeat the request back. */
async function credentialServer(spec: ServerSpec) {
  return startTestServer((req, res) => {
    if (spec.route?.(req, res)) return;
    const echo = { headers: req.headers, url: req.raw.url, body: req.body };
    if (req.url.pathname === '/echo') return sendJson(res, 400, { error: 'bad request', echo });
    if (req.url.pathname === '/resource')
      return spec.check(req)
        ? sendJson(res, 200, { ok: true })
        : sendJson(res, 401, { error: 'invalid credential', echo });
    sendJson(res, 404, {});
  }, spec.tls);
}

function staticFixture(
  good: HttpAuth,
  wrong: HttpAuth | undefined,
  secrets: string[],
  check: (req: TestRequest) => boolean,
): () => Promise<AuthFixture> {
  return async () => {
    const srv = await credentialServer({ check });
    return { baseUrl: srv.url, good, wrong, secrets: () => secrets, close: () => srv.close() };
  };
}

runAuthenticatorContract(
  'none',
  staticFixture({ type: 'none' }, undefined, [], () => true),
);

runAuthenticatorContract(
  'basic',
  staticFixture(
    { type: 'basic', username: 'svc-user', password: 'b4sic-pa55:word' },
    { type: 'basic', username: 'svc-user', password: 'wr0ng-pa55:word' },
    [
      'b4sic-pa55:word',
      'wr0ng-pa55:word',
      Buffer.from('svc-user:b4sic-pa55:word').toString('base64'),
      Buffer.from('svc-user:wr0ng-pa55:word').toString('base64'),
    ],
    (req) => req.headers.authorization === `Basic ${Buffer.from('svc-user:b4sic-pa55:word').toString('base64')}`,
  ),
);

runAuthenticatorContract(
  'bearer',
  staticFixture(
    { type: 'bearer', token: 'static-bearer-0123456789' },
    { type: 'bearer', token: 'revoked-bearer-9876543210' },
    ['static-bearer-0123456789', 'revoked-bearer-9876543210'],
    (req) => req.headers.authorization === 'Bearer static-bearer-0123456789',
  ),
);

runAuthenticatorContract(
  'apiKey in a header',
  staticFixture(
    { type: 'apiKey', in: 'header', name: 'X-Api-Key', value: 'key-header-abcdef' },
    { type: 'apiKey', in: 'header', name: 'X-Api-Key', value: 'key-header-wrong1' },
    ['key-header-abcdef', 'key-header-wrong1'],
    (req) => req.headers['x-api-key'] === 'key-header-abcdef',
  ),
);

runAuthenticatorContract(
  'apiKey in the query',
  staticFixture(
    { type: 'apiKey', in: 'query', name: 'key', value: 'key+query/abc=' },
    { type: 'apiKey', in: 'query', name: 'key', value: 'key+query/bad=' },
    [
      'key+query/abc=',
      'key+query/bad=',
      encodeURIComponent('key+query/abc='),
      encodeURIComponent('key+query/bad='),
      'key%2Bquery%2Fabc%3D',
    ],
    (req) => req.url.searchParams.get('key') === 'key+query/abc=',
  ),
);

/** An OAuth 2 token endpoint and resource: tokens valid until revoked. */
function oauthFixture(authStyle: 'header' | 'body'): () => Promise<AuthFixture> {
  return async () => {
    const clientSecret = 'client-s3cret/+=';
    const valid = new Set<string>();
    const issued: string[] = [];
    const srv = await credentialServer({
      check: (req) => valid.has((req.headers.authorization ?? '').replace(/^Bearer /, '')),
      route: (req, res) => {
        if (req.url.pathname !== '/oauth/token') return false;
        const form = new URLSearchParams(req.body);
        let id: string | null;
        let secret: string | null;
        if (authStyle === 'header') {
          const [i, s] = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64')
            .toString()
            .split(':');
          id = decodeURIComponent((i ?? '').replace(/\+/g, ' '));
          secret = decodeURIComponent((s ?? '').replace(/\+/g, ' '));
        } else {
          id = form.get('client_id');
          secret = form.get('client_secret');
        }
        if (
          form.get('grant_type') !== 'client_credentials' ||
          form.get('scope') !== 'users.rw' ||
          id !== 'ferry' ||
          secret !== clientSecret
        ) {
          sendJson(res, 401, { error: 'invalid_client', echo: { headers: req.headers, body: req.body } });
          return true;
        }
        const token = `at-${issued.length}-${Math.random().toString(36).slice(2)}`;
        issued.push(token);
        valid.add(token);
        sendJson(res, 200, { access_token: token, token_type: 'bearer', expires_in: 3600 });
        return true;
      },
    });
    const auth = (secret: string): HttpAuth => ({
      type: 'oauth2ClientCredentials',
      tokenUrl: '/oauth/token',
      clientId: 'ferry',
      clientSecret: secret,
      scope: 'users.rw',
      authStyle,
    });
    const wrong = 'wrong-s3cret/+=';
    return {
      baseUrl: srv.url,
      good: auth(clientSecret),
      wrong: auth(wrong),
      secrets: () => [clientSecret, wrong, encodeURIComponent(clientSecret), encodeURIComponent(wrong), ...issued],
      revoke: () => valid.clear(),
      issued: () => issued.length,
      close: () => srv.close(),
    };
  };
}

runAuthenticatorContract('oauth2ClientCredentials (client secret in the header)', oauthFixture('header'));
runAuthenticatorContract('oauth2ClientCredentials (client secret in the body)', oauthFixture('body'));

type SessionStyle = 'body→header' | 'cookie→cookie' | 'header→header';

/** A login endpoint that issues session tokens three ways. */
function sessionFixture(style: SessionStyle): () => Promise<AuthFixture> {
  return async () => {
    const password = 'p"ss\\w0rd{{x}}';
    const valid = new Set<string>();
    const issued: string[] = [];
    const carried = (req: TestRequest): string | undefined =>
      style === 'body→header'
        ? req.headers.authorization?.replace(/^Bearer /, '')
        : style === 'cookie→cookie'
          ? cookieValue(
              String(req.headers.cookie ?? '')
                .split('; ')
                .join('\n'),
              'SID',
            )
          : String(req.headers['x-session'] ?? '');
    const srv = await credentialServer({
      check: (req) => valid.has(carried(req) ?? ''),
      route: (req, res) => {
        if (req.url.pathname !== '/session/login') return false;
        let body: { credentials?: { user?: string; pass?: string } } = {};
        try {
          body = JSON.parse(req.body) as typeof body;
        } catch {
          /* refused below */
        }
        if (req.method !== 'POST' || body.credentials?.user !== 'svc' || body.credentials.pass !== password) {
          sendJson(res, 401, { error: 'bad login', echo: req.body });
          return true;
        }
        const token = `sess-${issued.length}-${Math.random().toString(36).slice(2)}`;
        issued.push(token);
        valid.add(token);
        if (style === 'body→header') sendJson(res, 200, { data: { token } });
        else if (style === 'cookie→cookie')
          sendJson(
            res,
            200,
            { ok: true },
            { 'set-cookie': `SID=${token}; Path=/; HttpOnly; Expires=Wed, 21 Oct 2099 07:28:00 GMT` },
          );
        else sendJson(res, 200, { ok: true }, { 'x-session-token': token });
        return true;
      },
    });
    const auth = (pass: string): HttpAuth => ({
      type: 'session',
      login: {
        path: '/session/login',
        body: { credentials: { user: '{{username}}', pass: '{{password}}' } },
        tokenFrom:
          style === 'body→header'
            ? { body: 'data.token' }
            : style === 'cookie→cookie'
              ? { cookie: 'SID' }
              : { header: 'X-Session-Token' },
      },
      params: { username: 'svc', password: pass },
      use:
        style === 'body→header'
          ? { header: 'Authorization', prefix: 'Bearer ' }
          : style === 'cookie→cookie'
            ? { cookie: 'SID' }
            : { header: 'X-Session' },
    });
    const wrong = 'n0t-the-pa55word';
    return {
      baseUrl: srv.url,
      good: auth(password),
      wrong: auth(wrong),
      secrets: () => [password, wrong, JSON.stringify(password).slice(1, -1), ...issued],
      revoke: () => valid.clear(),
      issued: () => issued.length,
      close: () => srv.close(),
    };
  };
}

runAuthenticatorContract('session (token in the body, sent in a header)', sessionFixture('body→header'));
runAuthenticatorContract('session (token in a cookie, sent as a cookie)', sessionFixture('cookie→cookie'));
runAuthenticatorContract('session (token in a header, sent in a header)', sessionFixture('header→header'));

let pki: { ca: TestCa; server: CertKey; client: CertKey; rogue: CertKey } | undefined;
const certs = () =>
  (pki ??= (() => {
    const ca = createTestCa();
    return {
      ca,
      server: ca.issueServer(),
      client: ca.issueClient('ferry'),
      rogue: createTestCa('Rogue').issueClient('ferry'),
    };
  })());

runAuthenticatorContract('clientCertificate', async () => {
  const { ca, server, client, rogue } = certs();
  // The server asks for a certificate and answers 401 when it is missing or untrusted (like nginx's
  // ssl_verify_client optional), so the refusal is an HTTP answer the contract can check.
  const srv = await credentialServer({
    check: (req) => (req.raw.socket as TLSSocket).authorized,
    tls: { ...server, ca: ca.cert, requestCert: true, rejectUnauthorized: false },
  });
  const keyLines = (k: string) => k.split('\n').filter((l) => l.length >= 40 && !l.startsWith('-----'));
  return {
    baseUrl: srv.url,
    good: { type: 'clientCertificate', cert: client.cert, key: client.key, ca: ca.cert },
    wrong: { type: 'clientCertificate', cert: rogue.cert, key: rogue.key, ca: ca.cert },
    secrets: () => [...keyLines(client.key), ...keyLines(rogue.key)],
    close: () => srv.close(),
  };
});

// What is particular to a strategy.

async function withClock(
  settings: Omit<HttpSettingsInput, 'baseUrl'>,
  start: () => Promise<AuthFixture>,
  fn: (svc: HttpService, fx: AuthFixture, clock: { now: number }) => Promise<void>,
) {
  const fx = await start();
  const clock = { now: Date.now() };
  const svc = new HttpService({ baseUrl: fx.baseUrl, auth: fx.good, ...settings }, { now: () => clock.now });
  try {
    await fn(svc, fx, clock);
  } finally {
    await svc.close();
    await fx.close();
  }
}

test('oauth2: the token is reused until expires_in minus 30 s, then renewed', async () => {
  await withClock({}, oauthFixture('header'), async (svc, fx, clock) => {
    for (let i = 0; i < 5; i++) await svc.request({ method: 'GET', path: '/resource' });
    assert.equal(fx.issued!(), 1);
    clock.now += (3600 - 31) * 1000;
    await svc.request({ method: 'GET', path: '/resource' });
    assert.equal(fx.issued!(), 1, 'still valid 31 s before expiry');
    clock.now += 2000;
    await svc.request({ method: 'GET', path: '/resource' });
    assert.equal(fx.issued!(), 2, 'renewed within the last 30 s');
  });
});

test('oauth2: a token endpoint that is down is unavailable, not unauthorized', async () => {
  const srv = await startTestServer((req, res) =>
    req.url.pathname === '/token' ? sendJson(res, 503, {}) : sendJson(res, 200, {}),
  );
  const svc = new HttpService({
    baseUrl: srv.url,
    retry: { baseDelayMs: 1, maxAttempts: 2 },
    auth: {
      type: 'oauth2ClientCredentials',
      tokenUrl: `${srv.url}/token`,
      clientId: 'a',
      clientSecret: 'secret-value',
    },
  });
  try {
    const e = await svc.request({ method: 'GET', path: '/x' }).then(
      () => undefined,
      (x: unknown) => x,
    );
    assert.ok(e instanceof HttpCallError);
    assert.equal(e.kind, 'unavailable');
    assert.match(e.message, /^OAuth2 token request failed: POST \/token → 503/);
  } finally {
    await svc.close();
    await srv.close();
  }
});

test('oauth2: an answer without access_token is invalidResponse', async () => {
  const srv = await startTestServer((_req, res) => sendJson(res, 200, { token: 'nope' }));
  const svc = new HttpService({
    baseUrl: srv.url,
    auth: { type: 'oauth2ClientCredentials', tokenUrl: '/token', clientId: 'a', clientSecret: 'secret-value' },
  });
  try {
    const e = await svc.request({ method: 'GET', path: '/x' }).then(
      () => undefined,
      (x: unknown) => x,
    );
    assert.ok(e instanceof HttpCallError);
    assert.equal(e.kind, 'invalidResponse');
    assert.match(e.message, /no access_token/);
  } finally {
    await svc.close();
    await srv.close();
  }
});

test('session: the token is reused until ttlSeconds pass', async () => {
  const start = sessionFixture('body→header');
  const fx0 = await start();
  const good = fx0.good;
  await fx0.close();
  await withClock(
    {},
    async () => {
      const fx = await start();
      return { ...fx, good: { ...(fx.good as Extract<HttpAuth, { type: 'session' }>), ttlSeconds: 60 } };
    },
    async (svc, fx, clock) => {
      assert.equal(good.type, 'session');
      await svc.request({ method: 'GET', path: '/resource' });
      await svc.request({ method: 'GET', path: '/resource' });
      assert.equal(fx.issued!(), 1);
      clock.now += 61_000;
      await svc.request({ method: 'GET', path: '/resource' });
      assert.equal(fx.issued!(), 2);
    },
  );
});

test('session: a login body placeholder without a parameter fails when the service is built', () => {
  assert.throws(
    () =>
      new HttpService({
        baseUrl: 'http://127.0.0.1:1',
        auth: {
          type: 'session',
          login: { path: '/login', body: { u: '{{username}}', p: '{{pasword}}' }, tokenFrom: { body: 'token' } },
          params: { username: 'a', password: 'secret-pw' },
          use: { header: 'X-S' },
        },
      }),
    (e: unknown) =>
      e instanceof HttpSettingsError && /\{\{pasword\}\}/.test(e.message) && !e.message.includes('secret-pw'),
  );
});

test('session: a form login and a token missing from the answer', async () => {
  const srv = await startTestServer((req, res) => {
    if (req.url.pathname === '/login')
      return sendJson(res, 200, { form: Object.fromEntries(new URLSearchParams(req.body)), token: null });
    sendJson(res, 200, {});
  });
  const svc = new HttpService({
    baseUrl: srv.url,
    auth: {
      type: 'session',
      login: {
        path: '/login',
        bodyFormat: 'form',
        body: { user: '{{u}}', pass: '{{p}}' },
        tokenFrom: { body: 'token' },
      },
      params: { u: 'svc', p: 'form-secret-1' },
      use: { header: 'X-S' },
    },
  });
  try {
    const e = await svc.request({ method: 'GET', path: '/x' }).then(
      () => undefined,
      (x: unknown) => x,
    );
    assert.ok(e instanceof HttpCallError);
    assert.equal(e.kind, 'invalidResponse');
    assert.match(e.message, /no token in the body at "token"/);
  } finally {
    await svc.close();
    await srv.close();
  }
});

test('credentials are not sent to another origin (e.g. a next link elsewhere)', async () => {
  const seen: (string | undefined)[] = [];
  const other = await startTestServer((req, res) => {
    seen.push(req.headers.authorization);
    sendJson(res, 200, {});
  });
  const svc = new HttpService({
    baseUrl: 'http://127.0.0.1:1/api',
    auth: { type: 'bearer', token: 'do-not-leak-123' },
  });
  try {
    await svc.request({ method: 'GET', path: `${other.url}/x` });
    assert.deepEqual(seen, [undefined]);
  } finally {
    await svc.close();
    await other.close();
  }
});
