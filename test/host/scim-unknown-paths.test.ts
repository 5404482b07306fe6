// Every answer under a connector's SCIM base is a SCIM error body (RFC 7644 §3.12), including paths no route
// serves (an empty id, an extra segment) and methods a route does not take; outside a SCIM base the host's own
// answer stays.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fetch } from 'undici';
import { startTestHost, TOKEN, type TestHost } from '../helpers/test-host.ts';

let t: TestHost;

before(async () => {
  t = await startTestHost();
});
after(async () => {
  await t.stop();
});

const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

async function call(path: string, method: string, token: string | null = TOKEN) {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  const body = ['PUT', 'PATCH', 'POST'].includes(method) ? '{}' : undefined;
  if (body) headers['content-type'] = 'application/scim+json';
  const res = await fetch(`${t.host.baseUrl}${path}`, { method, headers, body });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: text ? JSON.parse(text) : undefined };
}

function assertScimError(r: { status: number; json: unknown; text: string }, status: number, what: string) {
  assert.equal(r.status, status, `${what} → ${r.status} ${r.text}`);
  const body = r.json as Record<string, unknown>;
  assert.deepEqual(body.schemas, [ERROR], `${what}: ${r.text}`);
  assert.equal(body.status, String(status), what);
  assert.equal(typeof body.detail, 'string', what);
}

test('an empty id, under both prefixes, for users and groups and every method: a SCIM 404', async () => {
  for (const base of ['/connectors/APP1/scim', '/ecma2host_APP1/scim', '/connectors/SCIMAPP/scim'])
    for (const res of ['Users', 'Groups'])
      for (const method of ['GET', 'PUT', 'PATCH', 'DELETE']) {
        const r = await call(`${base}/${res}/`, method);
        assertScimError(r, 404, `${method} ${base}/${res}/`);
        assert.match(r.headers.get('content-type') ?? '', /application\/scim\+json/);
      }
});

test('unknown paths under a SCIM base: a SCIM 404', async () => {
  for (const path of ['/Users/a/b', '/Users/a/b/c', '/Nothing/here/at/all', '/', '//', '/Schemas/x/y']) {
    const r = await call(`/connectors/APP1/scim${path}`, 'GET');
    assertScimError(r, 404, `GET ${path}`);
  }
});

test('a method the route does not take: a SCIM 405 with Allow', async () => {
  const cases: [string, string, RegExp][] = [
    ['POST', '/Users/some-id', /PATCH/],
    ['PUT', '/Users', /POST/],
    ['PATCH', '/Groups', /POST/],
    ['DELETE', '/Users', /GET/],
    ['PUT', '/ServiceProviderConfig', /GET/],
    ['DELETE', '/Schemas/urn:ietf:params:scim:schemas:core:2.0:User', /GET/],
  ];
  for (const [method, path, allow] of cases) {
    const r = await call(`/connectors/SCIMAPP/scim${path}`, method);
    assertScimError(r, 405, `${method} ${path}`);
    assert.match(r.headers.get('allow') ?? '', allow, `${method} ${path}`);
  }
});

test('the token is checked before anything is said about the path', async () => {
  const r = await call('/connectors/APP1/scim/Users/', 'GET', null);
  assertScimError(r, 401, 'GET /Users/ without a token');
  const r2 = await call('/connectors/APP1/scim/Users/a/b', 'DELETE', 'a-wrong-token-0123456789');
  assertScimError(r2, 401, 'DELETE /Users/a/b with a wrong token');
});

test('outside every SCIM base the host answers in its own words', async () => {
  const r = await call('/nothing-here', 'GET');
  assert.equal(r.status, 404);
  assert.equal((r.json as { schemas?: unknown }).schemas, undefined);
});
