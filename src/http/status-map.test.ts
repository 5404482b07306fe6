import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { HttpService } from './client.ts';
import { toExportErrorKind, type HttpCallError } from './http-call-error.ts';
import { startTestServer, sendJson, type TestServer } from '../test-support/http-server.ts';
import type { StatusMapEntry } from './status-map.ts';
import type { RequestOptions } from './types.ts';
import { codeOfKind, failureOfKind } from '../errors/catalogue.ts';

// The server answers /STATUS with that status and the body of the `msg` query parameter.
let srv: TestServer;
before(async () => {
  srv = await startTestServer((req, res) => {
    const status = Number(req.url.pathname.slice(1));
    const headers: Record<string, string> = status === 429 || status === 503 ? { 'Retry-After': '7' } : {};
    sendJson(res, status, { error: { message: req.url.searchParams.get('msg') ?? 'no' } }, headers);
  });
});
after(() => srv.close());

async function failure(status: number, msg: string, errors?: StatusMapEntry[], opts: RequestOptions = {}) {
  const svc = new HttpService({ baseUrl: srv.url, retry: { maxAttempts: 1 }, ...(errors ? { errors } : {}) });
  try {
    await svc.request({ method: 'POST', path: `/${status}`, query: { msg } }, opts);
    assert.fail('the call should fail');
  } catch (e) {
    return e as HttpCallError;
  } finally {
    await svc.close();
  }
}

test('default mapping of application statuses to export error kinds and SCIM statuses', async () => {
  const cases: [number, string, number][] = [
    [400, 'invalidValue', 400],
    [422, 'invalidValue', 400],
    [401, 'unauthorized', 503],
    [403, 'unauthorized', 503],
    [404, 'notFound', 404],
    [409, 'uniqueness', 409],
    [429, 'throttled', 429],
    [500, 'unavailable', 503],
    [502, 'unavailable', 503],
    [503, 'unavailable', 503],
    [405, 'rejected', 400],
  ];
  for (const [status, kind, scim] of cases) {
    const e = await failure(status, 'refused');
    const exportKind = toExportErrorKind(e);
    assert.equal(exportKind, kind, `application ${status}`);
    const ferry = failureOfKind(exportKind, e.message, e.retryAfterSeconds);
    assert.equal(ferry.status, scim, `application ${status} → SCIM ${scim}`);
    if (scim === 429 || scim === 503) assert.ok(ferry.retryAfter && ferry.retryAfter > 0, `Retry-After on ${status}`);
  }
  const throttled = await failure(429, 'slow down');
  assert.equal(failureOfKind(toExportErrorKind(throttled), '', throttled.retryAfterSeconds).retryAfter, 7);
});

test('a service row with a body match turns a 400 "already exists" into uniqueness (409)', async () => {
  const rows: StatusMapEntry[] = [{ status: 400, match: 'already exists', kind: 'uniqueness' }];
  const dup = await failure(400, 'login ann is ALREADY EXISTS here', rows);
  assert.equal(toExportErrorKind(dup), 'uniqueness');
  assert.equal(failureOfKind(toExportErrorKind(dup), dup.message).status, 409);
  const other = await failure(400, 'email is invalid', rows);
  assert.equal(toExportErrorKind(other), 'invalidValue', 'a body that does not match keeps the default');
  const classRow = await failure(418, 'teapot', [{ status: '4xx', kind: 'unavailable' }]);
  assert.equal(toExportErrorKind(classRow), 'unavailable', 'a status class matches');
});

test("a call's rows come before the service's", async () => {
  const service: StatusMapEntry[] = [{ status: 404, kind: 'invalidValue' }];
  const svcOnly = await failure(404, 'no such manager', service);
  assert.equal(toExportErrorKind(svcOnly), 'invalidValue');
  const call = await failure(404, 'no such manager', service, { errors: [{ status: 404, kind: 'notFound' }] });
  assert.equal(toExportErrorKind(call), 'notFound');
});

test('a row with a broken regular expression is refused when the service is built', () => {
  assert.throws(
    () => new HttpService({ baseUrl: srv.url, errors: [{ status: 400, match: '(unclosed', kind: 'uniqueness' }] }),
    /not a valid regular expression/,
  );
});

test('every failure kind has its own words, and credentials are never "check reachability"', () => {
  const kinds = ['invalidValue', 'uniqueness', 'notFound', 'throttled', 'unavailable', 'unauthorized'] as const;
  const words = new Set(kinds.map((k) => failureOfKind(k, '').message));
  assert.equal(words.size, kinds.length);
  const cred = failureOfKind('unauthorized', 'POST /x → 401');
  assert.equal(codeOfKind('unauthorized'), 'target_credentials');
  assert.match(cred.message, /credentials/);
  assert.doesNotMatch(cred.recommendation, /reachable/);
  assert.match(failureOfKind('unavailable', 'cannot connect (ECONNREFUSED)').message, /unreachable/);
  assert.doesNotMatch(failureOfKind('unavailable', 'x').message, /refused the export/);
});
