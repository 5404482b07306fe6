// Test connection through the admin API (the console's Runs page and `ferry test-connection` use the same route):
// the answer lists each call the test made with its outcome, without secrets, when the application is up and when
// it is down.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { KEY } from '../../examples/demo-app/test-server.ts';
import { runFerryInProcess } from '../../src/test-support/run-ferry-in-process.ts';
import { type DemoApp, startDemoApp, startDemoHost } from '../helpers/demo-app.ts';
import type { TestHost } from '../helpers/test-host.ts';

const ADMIN = 'test-admin-token-0123456789';
let app: DemoApp;
let t: TestHost;
const testConnection = async (name: string) => {
  const res = await fetch(`${t.host.baseUrl}/admin/connectors/${name}/test`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}` },
  });
  return { status: res.status, text: await res.text() };
};
const cli = (...args: string[]) =>
  runFerryInProcess([...args, '--url', t.host.baseUrl], process.cwd(), { FERRY_ADMIN_TOKEN: ADMIN });

before(async () => {
  app = await startDemoApp();
  t = await startDemoHost(app, { awaitInitialImport: true });
});
after(async () => {
  await t.stop();
  await app.stop();
});

test('a working connection: each call with its service, method, path, status, duration and outcome', async () => {
  const r = await testConnection('APP1');
  assert.equal(r.status, 200);
  const body = JSON.parse(r.text);
  assert.equal(body.ok, true, body.message);
  assert.ok(body.calls.length >= 1);
  const [first] = body.calls;
  assert.deepEqual(
    { ...first, durationMs: typeof first.durationMs },
    { service: 'acme', method: 'GET', path: '/api/v1/changes/latest', status: 200, ok: true, durationMs: 'number' },
  );
  assert.doesNotMatch(r.text, new RegExp(KEY), 'the API key never appears');

  const run = await cli('test-connection', 'APP1');
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^OK: Connection works/);
  assert.match(run.stdout, /\n {2}1\. acme GET \/api\/v1\/changes\/latest: 200, ok in \d+ ms\n/);
});

test('an application that is down: 502, and the call says it got no answer and why', async () => {
  await app.stop();
  const r = await testConnection('SCIMAPP');
  assert.equal(r.status, 502);
  const body = JSON.parse(r.text);
  assert.equal(body.ok, false);
  const [first] = body.calls;
  assert.equal(first.ok, false);
  assert.equal(first.status, undefined);
  assert.equal(first.path, '/api/v1/changes/latest');
  assert.ok(first.error, 'the reason in words');
  assert.doesNotMatch(r.text, new RegExp(KEY));

  const run = await cli('test-connection', 'SCIMAPP');
  assert.equal(run.code, 1);
  assert.match(run.stdout, /^FAILED: /);
  assert.match(run.stdout, /\n {2}1\. acme GET \/api\/v1\/changes\/latest: no answer, failed in \d+ ms \(.+\)\n/);
});
