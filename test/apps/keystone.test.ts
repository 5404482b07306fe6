// OpenStack Keystone from Debian 12, the real application (scripts/apps/keystone.sh installs and starts it),
// provisioned through Ferry over SCIM with the `keystone` template (a session login whose token comes back in the
// X-Subject-Token header); every change is checked in Keystone through its own identity API v3.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createAndFind,
  ECMA,
  groupRoundTrip,
  inParallel,
  patchOp,
  SCIM,
  scimUser,
  startApp,
  startTemplateHost,
  syncTemplateMappings,
} from './app-host.ts';
import { runOkta } from './okta.ts';
import type { TestHost } from '../helpers/test-host.ts';

const SEEDED = 500;
const run = `t${Date.now().toString(36)}`;
let env: Record<string, string>;
let token: string;
let t: TestHost;

interface KeystoneUser {
  id: string;
  name: string;
  enabled: boolean;
  email?: string;
  given_name?: string;
  family_name?: string;
}

/** Logs in to Keystone as a user of the default domain: a token scoped to `project`, or an unscoped one. */
async function login(user: string, password: string, project?: string): Promise<{ status: number; token: string }> {
  const r = await fetch(`${env.KEYSTONE_URL}/v3/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      auth: {
        identity: { methods: ['password'], password: { user: { name: user, domain: { id: 'default' }, password } } },
        ...(project ? { scope: { project: { name: project, domain: { id: 'default' } } } } : {}),
      },
    }),
  });
  await r.text();
  return { status: r.status, token: r.headers.get('x-subject-token') ?? '' };
}

/** A call on Keystone's own API, as the service account. */
async function keystone(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const r = await fetch(`${env.KEYSTONE_URL}${path}`, {
    method,
    headers: { 'x-auth-token': token, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  return { status: r.status, json: text ? JSON.parse(text) : undefined };
}

const user = async (id: string): Promise<KeystoneUser> => (await keystone('GET', `/v3/users/${id}`)).json.user;

before(async () => {
  env = startApp('keystone');
  const svc = await login(env.KEYSTONE_USER, env.KEYSTONE_PASSWORD, env.KEYSTONE_PROJECT);
  assert.equal(svc.status, 201);
  token = svc.token;
  // Seeds users seed-0… through Keystone's API until there are SEEDED (kept across runs).
  const names = new Set(((await keystone('GET', '/v3/users')).json.users as KeystoneUser[]).map((u) => u.name));
  await inParallel(0, SEEDED, 4, async (i) => {
    if (names.has(`seed-${i}`)) return;
    const c = await keystone('POST', '/v3/users', {
      user: {
        name: `seed-${i}`,
        domain_id: 'default',
        given_name: 'Seed',
        family_name: `User ${i}`,
        email: `seed-${i}@example.test`,
      },
    });
    assert.equal(c.status, 201, JSON.stringify(c.json));
  });
  t = await startTemplateHost('keystone', env.KEYSTONE_URL, {
    username: env.KEYSTONE_USER,
    password: env.KEYSTONE_PASSWORD,
    userDomain: 'default',
    project: env.KEYSTONE_PROJECT,
    domain: 'default',
  });
});

after(async () => {
  await t?.stop();
  for (const kind of ['users', 'groups'] as const) {
    const all = (await keystone('GET', `/v3/${kind}`)).json[kind] as { id: string; name: string }[];
    for (const x of all.filter((o) => o.name.startsWith(run) || /^Runscope|@contoso\.com$/.test(o.name)))
      await keystone('DELETE', `/v3/${kind}/${x.id}`);
  }
});

test('the start-up import holds every Keystone user (at least 500)', async () => {
  const all = ((await keystone('GET', '/v3/users?domain_id=default')).json.users as KeystoneUser[]).length;
  assert.ok(all >= SEEDED, `${all} users in Keystone`);
  const r = await t.scim(SCIM, '/Users?count=1');
  assert.equal(r.status, 200);
  assert.equal(r.body.totalResults, all);
  const seeded = await t.scim(SCIM, `/Users?filter=${encodeURIComponent('userName eq "seed-7"')}`);
  assert.equal(seeded.body.Resources[0].name.familyName, 'User 7');
  assert.equal(seeded.body.Resources[0].active, true);
});

test('create, get, filter, update, disable, enable, password and delete, checked in Keystone', async () => {
  const name = `${run}-ada`;
  const id = await createAndFind(t, name);
  let u = await user(id);
  assert.deepEqual(
    [u.name, u.given_name, u.family_name, u.email, u.enabled],
    [name, 'Ada', 'Lovelace', `${name}@example.test`, true],
  );

  const patch = (ops: unknown[]) => t.scim(SCIM, `/Users/${id}`, { method: 'PATCH', json: patchOp(ops) });
  let r = await patch([{ op: 'replace', path: 'name.familyName', value: 'King' }]);
  assert.equal(r.status, 200, r.text);
  assert.equal((await user(id)).family_name, 'King');

  const password = 'Correct-Horse-42';
  r = await patch([{ op: 'replace', path: 'password', value: password }]);
  assert.equal(r.status, 200, r.text);
  assert.equal((await login(name, password)).status, 201, 'the user logs in to Keystone with the new password');
  assert.ok(!t.logs().includes(password), 'the password is not in the host log');

  r = await patch([{ op: 'replace', path: 'active', value: false }]);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.active, false);
  assert.equal((await user(id)).enabled, false, 'disabled in Keystone');
  assert.equal((await login(name, password)).status, 401, 'a disabled user cannot log in');
  r = await patch([{ op: 'replace', path: 'active', value: true }]);
  assert.equal(r.body.active, true);
  u = await user(id);
  assert.equal(u.enabled, true, 'enabled again in Keystone');

  assert.equal((await t.scim(SCIM, `/Users/${id}`, { method: 'DELETE' })).status, 204);
  assert.equal((await keystone('GET', `/v3/users/${id}`)).status, 404);
  assert.equal((await t.scim(SCIM, `/Users/${id}`)).status, 404);
});

test('groups with members: create, add, remove, rename, delete, checked in Keystone', async () => {
  await groupRoundTrip(t, run, {
    members: async (gid) =>
      ((await keystone('GET', `/v3/groups/${gid}/users`)).json.users as KeystoneUser[]).map((u) => u.id).sort(),
    name: async (gid) => (await keystone('GET', `/v3/groups/${gid}`)).json.group.name,
    status: async (gid) => (await keystone('GET', `/v3/groups/${gid}`)).status,
  });
});

test("Keystone's refusals reach the SCIM client: a name taken → 409, a name too long → 400", async () => {
  // Made in Keystone behind Ferry's back: the connector space does not know the name, Keystone answers 409.
  const name = `${run}-taken`;
  const direct = await keystone('POST', '/v3/users', { user: { name, domain_id: 'default' } });
  assert.equal(direct.status, 201);
  const dup = await t.scim(SCIM, '/Users', { method: 'POST', json: scimUser(name) });
  assert.equal(dup.status, 409, dup.text);
  assert.equal(dup.body.scimType, 'uniqueness');
  const found = await t.scim(SCIM, `/Users?filter=${encodeURIComponent(`userName eq "${name}"`)}`);
  assert.equal(found.body.Resources?.[0]?.id, direct.json.user.id);

  const long = `${run}-${'x'.repeat(260)}`;
  const bad = await t.scim(SCIM, '/Users', { method: 'POST', json: scimUser(long) });
  assert.equal(bad.status, 400, bad.text);
  assert.equal(bad.body.scimType, 'invalidValue');
  assert.match(bad.body.detail, /Invalid input for field 'name'/);
});

test('the ECMA-style connector creates a disabled user with the ECMA2Host attributes', async () => {
  const ext = 'urn:ietf:params:scim:schemas:extension:ECMA2Host:2.0:User';
  const name = `${run}-ecma`;
  const r = await t.scim(ECMA, '/Users', {
    method: 'POST',
    json: {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ext],
      userName: name,
      [ext]: { name, givenName: 'Grace', familyName: 'Hopper', enabled: false },
    },
  });
  assert.equal(r.status, 201, r.text);
  const u = await user(r.body.id);
  assert.deepEqual([u.name, u.given_name, u.enabled], [name, 'Grace', false]);
});

test("Okta's SCIM 2.0 test passes against the SCIM-style Keystone connector", async () => {
  const out = await runOkta(`${t.host.baseUrl}/connectors/${SCIM}/scim`);
  assert.match(out, /\b52 passed, 0 failed\b/, out);
});

test("the template's Entra mappings provision users.csv into Keystone (ferry sync → the ECMA connector)", async () => {
  const before = ((await keystone('GET', '/v3/users')).json.users as KeystoneUser[]).filter((u) =>
    u.name.endsWith('@contoso.com'),
  );
  for (const u of before) await keystone('DELETE', `/v3/users/${u.id}`);
  const out = await syncTemplateMappings(t, 'keystone');
  assert.match(out, /created 4 · updated 0 · disabled 0 · deleted 0 · skipped 1 · failed 0/, out);
  const users = (await keystone('GET', '/v3/users?name=ada.lovelace@contoso.com')).json.users as KeystoneUser[];
  assert.equal(users.length, 1);
  const u = users[0]!;
  assert.deepEqual(
    [u.given_name, u.family_name, u.email, u.enabled],
    ['Ada', 'Lovelace', 'ada.lovelace@contoso.com', true],
  );
});
