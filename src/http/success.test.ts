// Success criteria (status codes and classes, a value in the body), error kinds and messages, and garbage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HttpService } from './client.ts';
import type { HttpSettingsInput } from './config.ts';
import { HttpCallError, toExportErrorKind } from './http-call-error.ts';
import { sendJson, startTestServer } from '../test-support/http-server.ts';
import type { ServerResponse } from 'node:http';

type Reply = (res: ServerResponse) => void;

async function call(
  reply: Reply,
  settings: Omit<HttpSettingsInput, 'baseUrl'> = {},
  method = 'GET',
): Promise<{ res?: Awaited<ReturnType<HttpService['request']>>; err?: HttpCallError; requests: number }> {
  const srv = await startTestServer((_req, res) => reply(res));
  const svc = new HttpService({ baseUrl: srv.url, retry: { baseDelayMs: 1 }, ...settings });
  try {
    const res = await svc.request({ method, path: '/thing' });
    return { res, requests: srv.requests };
  } catch (e) {
    if (!(e instanceof HttpCallError)) throw e;
    return { err: e, requests: srv.requests };
  } finally {
    await svc.close();
    await srv.close();
  }
}

const raw =
  (status: number, text: string, contentType = 'application/json'): Reply =>
  (res) => {
    res.writeHead(status, { 'content-type': contentType });
    res.end(text);
  };

test('status classes and codes', async () => {
  assert.equal((await call((r) => sendJson(r, 201, {}))).res?.status, 201, '2xx by default');
  assert.equal(
    (await call((r) => sendJson(r, 201, {}), { success: { status: [200] } })).err?.kind,
    'rejected',
    'only 200 allowed',
  );
  assert.equal(
    (await call((r) => sendJson(r, 404, {}), { success: { status: ['2xx', 404] } })).res?.status,
    404,
    'a 404 declared as success',
  );
  assert.equal((await call((r) => sendJson(r, 302, {}), {})).err?.kind, 'rejected');
});

test('failure statuses map to kinds and export error kinds', async () => {
  const cases: [number, string, string][] = [
    [400, 'invalidValue', 'invalidValue'],
    [401, 'unauthorized', 'unauthorized'],
    [403, 'unauthorized', 'unauthorized'],
    [404, 'notFound', 'notFound'],
    [405, 'rejected', 'rejected'],
    [409, 'conflict', 'uniqueness'],
    [422, 'invalidValue', 'invalidValue'],
    [500, 'unavailable', 'unavailable'],
    [502, 'unavailable', 'unavailable'],
  ];
  for (const [status, kind, exportKind] of cases) {
    const { err } = await call((r) => sendJson(r, status, { message: 'nope' }));
    assert.equal(err?.kind, kind, String(status));
    assert.equal(err?.status, status);
    assert.equal(toExportErrorKind(err!), exportKind);
  }
  assert.equal(toExportErrorKind('throttled'), 'throttled');
  assert.equal(toExportErrorKind('timeout'), 'unavailable');
  assert.equal(toExportErrorKind('invalidResponse'), 'unavailable');
});

test('a value in the body decides success', async () => {
  const settings = { success: { status: ['2xx'], body: { path: 'result.status', equals: 'OK' } } };
  const ok = await call((r) => sendJson(r, 200, { result: { status: 'OK' } }), settings);
  assert.deepEqual(ok.res?.json, { result: { status: 'OK' } });
  const bad = await call((r) => sendJson(r, 200, { result: { status: 'ERROR', text: 'user locked' } }), settings);
  assert.equal(bad.err?.kind, 'rejected');
  assert.match(bad.err!.message, /success check failed: result\.status is "ERROR", not "OK"/);
  assert.match(bad.err!.message, /user locked/, 'the application text follows');
  const missing = await call((r) => sendJson(r, 200, {}), settings);
  assert.match(missing.err!.message, /result\.status is missing/);
  const boolCheck = await call((r) => sendJson(r, 200, { ok: true }), {
    success: { status: ['2xx'], body: { path: 'ok', equals: true } },
  });
  assert.equal(boolCheck.res?.status, 200);
});

test('a JSON-RPC error inside a 200 fails the call, and the status map reads its text', async () => {
  const settings: Omit<HttpSettingsInput, 'baseUrl'> = {
    success: { status: ['2xx'], body: { path: 'error', equals: null } },
    errors: [{ status: 200, match: 'already exists', kind: 'uniqueness' }],
  };
  const ok = await call((r) => sendJson(r, 200, { jsonrpc: '2.0', result: { userids: ['3'] }, id: 1 }), settings);
  assert.deepEqual(ok.res?.json, { jsonrpc: '2.0', result: { userids: ['3'] }, id: 1 }, 'no error: success');
  const error = { code: -32602, message: 'Invalid params.', data: 'User with username "ann" already exists.' };
  const dup = await call((r) => sendJson(r, 200, { jsonrpc: '2.0', error, id: 1 }), settings);
  assert.ok(dup.err);
  assert.equal(toExportErrorKind(dup.err), 'uniqueness');
  assert.match(dup.err.message, /already exists/);
});

test('per-call success criteria replace the service ones', async () => {
  const srv = await startTestServer((_req, res) => sendJson(res, 404, { error: 'none' }));
  const svc = new HttpService({ baseUrl: srv.url });
  try {
    const res = await svc.request({ method: 'GET', path: '/x' }, { success: { status: ['2xx', 404] } });
    assert.equal(res.status, 404);
  } finally {
    await svc.close();
    await srv.close();
  }
});

test('garbage JSON on success is an invalidResponse error, never retried', async () => {
  const { err, requests } = await call(raw(200, '{"users": [1, 2,'));
  assert.equal(err?.kind, 'invalidResponse');
  assert.equal(err?.attempts, 1);
  assert.equal(requests, 1);
  assert.match(err!.message, /not valid JSON/);
  assert.equal(toExportErrorKind(err!), 'unavailable');
  const html = await call(raw(200, '<html>proxy error</html>', 'application/json; charset=utf-8'));
  assert.equal(html.err?.kind, 'invalidResponse');
});

test('garbage JSON on an error status keeps the status kind', async () => {
  const { err } = await call(raw(409, 'not json at all'));
  assert.equal(err?.kind, 'conflict');
  assert.match(err!.message, /409: not json at all/);
});

test('JSON content types are parsed; others and empty bodies are left as text', async () => {
  assert.deepEqual((await call(raw(200, '{"a":1}', 'application/scim+json'))).res?.json, { a: 1 });
  assert.deepEqual((await call(raw(200, '[1]', 'application/problem+json; charset=utf-8'))).res?.json, [1]);
  const xml = await call(raw(200, '<a/>', 'text/xml'));
  assert.equal(xml.res?.json, undefined);
  assert.equal(xml.res?.text, '<a/>');
  const empty = await call(raw(204, ''));
  assert.equal(empty.res?.status, 204);
  assert.equal(empty.res?.json, undefined);
});

test('the message keeps only the first 200 characters of the application text, on one line', async () => {
  const long = `line one\n${'x'.repeat(500)}`;
  const { err } = await call(raw(400, long, 'text/plain'));
  assert.ok(err!.message.startsWith('GET /thing → 400: line one xxx'), err!.message);
  assert.ok(err!.message.length < 240, `length ${err!.message.length}`);
  assert.ok(!err!.message.includes('\n'));
});

test('a response larger than maxResponseBytes is invalidResponse', async () => {
  const { err } = await call(raw(200, JSON.stringify({ big: 'y'.repeat(5000) })), {
    limits: { maxResponseBytes: 2048 },
  });
  assert.equal(err?.kind, 'invalidResponse');
});
