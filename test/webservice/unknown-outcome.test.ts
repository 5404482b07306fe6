// Writes whose outcome is unknown, against the real demo application (fault injection on) and a real host: the
// host settles them by looking at what the application holds, so SCIM never loses or keeps a ghost of an object.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDemoApp, startDemoHost, type DemoApp } from '../helpers/demo-app.ts';
import type { TestHost } from '../helpers/test-host.ts';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
let demo: DemoApp;
let t: TestHost;
let projectDir: string;
const scim = (path: string, init?: Parameters<TestHost['scim']>[2]) => t.scim('SCIMAPP', path, init);
const user = (login: string) => ({ schemas: [USER], userName: login, name: { givenName: login, familyName: 'T' } });
const byLogin = (login: string) => scim(`/Users?filter=${encodeURIComponent(`userName eq "${login}"`)}`);

before(async () => {
  // The demo project with a short request timeout, so a slow create times out in a second, not ten.
  projectDir = mkdtempSync(join(tmpdir(), 'ferry-unknown-outcome-'));
  const src = fileURLToPath(new URL('../../examples/demo-app/', import.meta.url));
  const text = readFileSync(join(src, 'acme-project.yaml'), 'utf8').replace('requestMs: 10000', 'requestMs: 1000');
  writeFileSync(join(projectDir, 'acme-project.yaml'), text);
  copyFileSync(join(src, 'openapi.yaml'), join(projectDir, 'openapi.yaml'));
  demo = await startDemoApp();
  t = await startDemoHost(demo, {
    mutate: (c) => {
      for (const cc of c.connectors) cc.connectivity.project = join(projectDir, 'acme-project.yaml');
    },
  });
});
after(async () => {
  await t?.stop();
  await demo?.stop();
  rmSync(projectDir, { recursive: true, force: true });
});

test('a create that timed out after the application committed: the retry gets 409 and the filter finds it', async () => {
  await demo.api('POST', '/_faults', { latencyMs: 2500, path: '/api/v1/accounts', method: 'POST', times: 1 });
  const first = await scim('/Users', { method: 'POST', json: user('slow.ann') });
  assert.equal(first.status, 503, first.text);
  // The application did create it (the fault delays, then handles the request).
  await new Promise((r) => setTimeout(r, 2000));
  assert.equal((await demo.api('GET', '/api/v1/accounts?login=slow.ann')).json.data.length, 1);
  const retry = await scim('/Users', { method: 'POST', json: user('slow.ann') });
  assert.equal(retry.status, 409, retry.text);
  const found = await byLogin('slow.ann');
  assert.equal(found.body.totalResults, 1, found.text);
  const id = found.body.Resources[0].id;
  assert.equal((await scim(`/Users/${id}`)).status, 200);
});

test('a 409 from the application for an account the space lacks: adopted, then found by the filter', async () => {
  const direct = await demo.api('POST', '/api/v1/accounts', { login: 'made.elsewhere' });
  assert.equal(direct.status, 201);
  assert.equal((await byLogin('made.elsewhere')).body.totalResults, 0, 'not imported yet');
  const r = await scim('/Users', { method: 'POST', json: user('made.elsewhere') });
  assert.equal(r.status, 409, r.text);
  const found = await byLogin('made.elsewhere');
  assert.equal(found.body.totalResults, 1);
  assert.equal(found.body.Resources[0].id, direct.json.id);
});

test('a DELETE whose answer was garbage after the application deleted: no ghost is left', async () => {
  const c = await scim('/Users', { method: 'POST', json: user('ghost.gus') });
  assert.equal(c.status, 201, c.text);
  await demo.api('POST', '/_faults', { garbage: true, path: '/api/v1/accounts/*', method: 'DELETE', times: 1 });
  const d = await scim(`/Users/${c.body.id}`, { method: 'DELETE' });
  assert.equal(d.status, 204, d.text);
  assert.equal((await scim(`/Users/${c.body.id}`)).status, 404);
  assert.equal((await byLogin('ghost.gus')).body.totalResults, 0);
});

test('a PATCH whose answer was lost: the space holds what the application has, not the old values', async () => {
  const c = await scim('/Users', { method: 'POST', json: user('patch.pat') });
  await demo.api('POST', '/_faults', { garbage: true, path: '/api/v1/accounts/*', method: 'PATCH', times: 1 });
  const p = await scim(`/Users/${c.body.id}`, {
    method: 'PATCH',
    json: {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', path: 'name.givenName', value: 'Patricia' }],
    },
  });
  assert.equal(p.status, 503, p.text);
  assert.equal((await scim(`/Users/${c.body.id}`)).body.name.givenName, 'Patricia');
});

test('deleting a user removes it from the members of the groups in the space at once', async () => {
  const a = (await scim('/Users', { method: 'POST', json: user('member.a') })).body.id;
  const b = (await scim('/Users', { method: 'POST', json: user('member.b') })).body.id;
  const g = await scim('/Groups', {
    method: 'POST',
    json: {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName: 'Refs',
      members: [{ value: a }, { value: b }],
    },
  });
  assert.equal(g.status, 201, g.text);
  assert.equal((await scim(`/Users/${a}`, { method: 'DELETE' })).status, 204);
  const after = await scim(`/Groups/${g.body.id}`);
  assert.deepEqual(
    after.body.members.map((m: { value: string }) => m.value),
    [b],
  );
});
