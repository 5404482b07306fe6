// A create that takes several calls and fails after the first made the object, against the real demo application
// (fault injection on) and a real host. The Acme add flow gives its `result` right after the create call, so the
// host knows the object exists: the connector space holds it, the client's retry gets 409 and its filter finds it.
// With an `undo` that ran, nothing is left behind and the retry creates the object afresh.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDemoApp, startDemoHost, type DemoApp } from '../helpers/demo-app.ts';
import type { TestHost } from '../helpers/test-host.ts';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
let demo: DemoApp;
let plain: TestHost;
let undoing: TestHost;
let projectDir: string;
const user = (login: string, active = false) => ({
  schemas: [USER],
  userName: login,
  active,
  name: { givenName: login, familyName: 'H' },
});
const byLogin = (t: TestHost, login: string) =>
  t.scim('SCIMAPP', `/Users?filter=${encodeURIComponent(`userName eq "${login}"`)}`);
const accounts = async (login: string) =>
  (await demo.api('GET', `/api/v1/accounts?login=${login}`)).json.data as { id: string; status: string }[];
/** The activation call (the second call of a disabled user's create) fails once with the given status. */
const failActivation = (status: number) =>
  demo.api('POST', '/_faults', { status, path: '/api/v1/accounts/*/activation', method: 'POST', times: 1 });

before(async () => {
  // A second copy of the Acme project whose create call declares its undo (delete the account again).
  projectDir = mkdtempSync(join(tmpdir(), 'ferry-half-done-'));
  const src = fileURLToPath(new URL('../../examples/demo-app/', import.meta.url));
  const text = readFileSync(join(src, 'acme-project.yaml'), 'utf8');
  const withUndo = text.replace(
    '          as: created\n        # The account exists',
    '          as: created\n          undo:\n            - call: deleteAccount\n              path: { id: "{{ created.body.id }}" }\n        # The account exists',
  );
  assert.notEqual(withUndo, text, 'the Acme add flow changed: update this test');
  writeFileSync(join(projectDir, 'acme-project.yaml'), withUndo);
  copyFileSync(join(src, 'openapi.yaml'), join(projectDir, 'openapi.yaml'));
  demo = await startDemoApp();
  plain = await startDemoHost(demo);
  undoing = await startDemoHost(demo, {
    mutate: (c) => {
      for (const cc of c.connectors) cc.connectivity.project = join(projectDir, 'acme-project.yaml');
    },
  });
});
after(async () => {
  await plain?.stop();
  await undoing?.stop();
  await demo?.stop();
  rmSync(projectDir, { recursive: true, force: true });
});

test('the second call of a create fails: the space holds the account, the retry gets 409 and finds it', async () => {
  await failActivation(503);
  const first = await plain.scim('SCIMAPP', '/Users', { method: 'POST', json: user('half.hal') });
  assert.equal(first.status, 503, first.text);
  assert.match(first.body.detail, /created the User "[^"]+" before the failure/);
  // The application made the account (still active: the activation call never ran).
  const made = await accounts('half.hal');
  assert.equal(made.length, 1);
  assert.equal(made[0].status, 'active');
  const found = await byLogin(plain, 'half.hal');
  assert.equal(found.body.totalResults, 1, found.text);
  assert.equal(found.body.Resources[0].id, made[0].id);
  // Re-read from the application: the space says what the application holds, not what was asked.
  assert.equal(found.body.Resources[0].active, true);
  const retry = await plain.scim('SCIMAPP', '/Users', { method: 'POST', json: user('half.hal') });
  assert.equal(retry.status, 409, retry.text);
  // The client then matches the object and PATCHes what is missing.
  const patched = await plain.scim('SCIMAPP', `/Users/${made[0].id}`, {
    method: 'PATCH',
    json: {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', path: 'active', value: false }],
    },
  });
  assert.ok(patched.status === 200 || patched.status === 204, patched.text);
  assert.equal((await accounts('half.hal'))[0].status, 'suspended');
  assert.equal((await accounts('half.hal')).length, 1, 'never created twice');
});

test('a 4xx from the second call: the account is kept as well, and a retry does not create a second one', async () => {
  await failActivation(422);
  const first = await plain.scim('SCIMAPP', '/Users', { method: 'POST', json: user('half.kim') });
  assert.equal(first.status, 400, first.text);
  assert.equal((await byLogin(plain, 'half.kim')).body.totalResults, 1);
  assert.equal((await plain.scim('SCIMAPP', '/Users', { method: 'POST', json: user('half.kim') })).status, 409);
  assert.equal((await accounts('half.kim')).length, 1);
});

test('a team whose member call fails after the team was made: the space holds the team as the application has it', async () => {
  const member = await plain.scim('SCIMAPP', '/Users', { method: 'POST', json: user('team.member', true) });
  assert.equal(member.status, 201, member.text);
  await demo.api('POST', '/_faults', { status: 503, path: '/api/v1/teams/*/members', method: 'POST', times: 1 });
  const g = await plain.scim('SCIMAPP', '/Groups', {
    method: 'POST',
    json: { schemas: [GROUP], displayName: 'Half team', members: [{ value: member.body.id }] },
  });
  assert.equal(g.status, 503, g.text);
  const found = await plain.scim('SCIMAPP', `/Groups?filter=${encodeURIComponent('displayName eq "Half team"')}`);
  assert.equal(found.body.totalResults, 1, found.text);
  // The member was never added in the application, so the space does not claim it.
  assert.deepEqual(found.body.Resources[0].members ?? [], []);
});

test('with an undo that ran, nothing is left behind and the retry creates the account afresh', async () => {
  await failActivation(503);
  const first = await undoing.scim('SCIMAPP', '/Users', { method: 'POST', json: user('undone.una') });
  assert.equal(first.status, 503, first.text);
  assert.match(first.body.detail, /earlier step was undone/);
  assert.doesNotMatch(first.body.detail, /before the failure/);
  assert.equal((await accounts('undone.una')).length, 0);
  assert.equal((await byLogin(undoing, 'undone.una')).body.totalResults, 0);
  const retry = await undoing.scim('SCIMAPP', '/Users', { method: 'POST', json: user('undone.una') });
  assert.equal(retry.status, 201, retry.text);
  assert.equal((await accounts('undone.una')).length, 1);
});
