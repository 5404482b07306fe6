// Redmine 5 from Debian 12, the real application (scripts/apps/redmine.sh installs and starts it), provisioned
// through Ferry over SCIM with the `redmine` template; every change is checked in Redmine through its own REST API.
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
let t: TestHost;

/** A call on Redmine's own API, as the service account (or as `as`, with HTTP basic). */
async function redmine(
  method: string,
  path: string,
  body?: unknown,
  as?: { user: string; password: string },
): Promise<{ status: number; json: any }> {
  const headers: Record<string, string> = as
    ? { authorization: `Basic ${Buffer.from(`${as.user}:${as.password}`).toString('base64')}` }
    : { 'x-redmine-api-key': env.REDMINE_API_KEY };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const r = await fetch(`${env.REDMINE_URL}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  return { status: r.status, json: text ? JSON.parse(text) : undefined };
}

/** Seeds users seed-0… through Redmine's API until there are SEEDED (kept across runs). */
async function seed(): Promise<void> {
  const have = (await redmine('GET', '/users.json?name=seed-&status=&limit=1')).json.total_count as number;
  await inParallel(have, SEEDED, 4, async (i) => {
    const login = `seed-${i}`;
    const r = await redmine('POST', '/users.json', {
      user: { login, firstname: 'Seed', lastname: `User ${i}`, mail: `${login}@example.test`, generate_password: true },
    });
    assert.ok(r.status === 201 || /taken/.test(JSON.stringify(r.json)), JSON.stringify(r.json));
  });
}

/** Every Redmine user whose login contains text, for clean-up. */
async function usersLike(text: string): Promise<{ id: number; login: string }[]> {
  return (await redmine('GET', `/users.json?name=${encodeURIComponent(text)}&status=&limit=100`)).json.users;
}

before(async () => {
  env = startApp('redmine');
  await seed();
  t = await startTemplateHost('redmine', env.REDMINE_URL, { apiKey: env.REDMINE_API_KEY });
});

after(async () => {
  await t?.stop();
  for (const text of [run, 'Runscope', '@contoso.com'])
    for (const u of await usersLike(text)) await redmine('DELETE', `/users/${u.id}.json`);
  const groups = (await redmine('GET', '/groups.json')).json.groups as { id: number; name: string }[];
  for (const g of groups.filter((x) => x.name.startsWith(run))) await redmine('DELETE', `/groups/${g.id}.json`);
});

test('the start-up import holds every Redmine user (at least 500), active and locked', async () => {
  const all = (await redmine('GET', '/users.json?status=&limit=1')).json.total_count as number;
  assert.ok(all >= SEEDED, `${all} users in Redmine`);
  const r = await t.scim(SCIM, '/Users?count=1');
  assert.equal(r.status, 200);
  assert.equal(r.body.totalResults, all);
  const seeded = await t.scim(SCIM, `/Users?filter=${encodeURIComponent('userName eq "seed-7"')}`);
  assert.equal(seeded.body.Resources[0].name.familyName, 'User 7');
  assert.equal(seeded.body.Resources[0].active, true);
});

test('create, get, filter, update, disable, enable, password and delete, checked in Redmine', async () => {
  const login = `${run}-ada`;
  const id = await createAndFind(t, login);
  let u = (await redmine('GET', `/users/${id}.json`)).json.user;
  assert.deepEqual(
    [u.login, u.firstname, u.lastname, u.mail, u.status],
    [login, 'Ada', 'Lovelace', `${login}@example.test`, 1],
  );

  const patch = (ops: unknown[]) => t.scim(SCIM, `/Users/${id}`, { method: 'PATCH', json: patchOp(ops) });
  let r = await patch([{ op: 'replace', path: 'name.familyName', value: 'King' }]);
  assert.equal(r.status, 200, r.text);
  u = (await redmine('GET', `/users/${id}.json`)).json.user;
  assert.equal(u.lastname, 'King');

  r = await patch([{ op: 'replace', path: 'active', value: false }]);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.active, false);
  assert.equal((await redmine('GET', `/users/${id}.json`)).json.user.status, 3, 'locked in Redmine');
  r = await patch([{ op: 'replace', path: 'active', value: true }]);
  assert.equal(r.body.active, true);
  assert.equal((await redmine('GET', `/users/${id}.json`)).json.user.status, 1, 'unlocked in Redmine');

  const password = 'Correct-Horse-42';
  r = await patch([{ op: 'replace', path: 'password', value: password }]);
  assert.equal(r.status, 200, r.text);
  const me = await redmine('GET', '/users/current.json', undefined, { user: login, password });
  assert.equal(me.status, 200, 'the user logs in to Redmine with the new password');
  assert.equal(me.json.user.login, login);
  assert.ok(!t.logs().includes(password), 'the password is not in the host log');

  const del = await t.scim(SCIM, `/Users/${id}`, { method: 'DELETE' });
  assert.equal(del.status, 204);
  assert.equal((await redmine('GET', `/users/${id}.json`)).status, 404);
  assert.equal((await t.scim(SCIM, `/Users/${id}`)).status, 404);
});

test('groups with members: create, add, remove, rename, delete, checked in Redmine', async () => {
  await groupRoundTrip(t, run, {
    members: async (gid) =>
      ((await redmine('GET', `/groups/${gid}.json?include=users`)).json.group.users as { id: number }[])
        .map((u) => String(u.id))
        .sort(),
    name: async (gid) => (await redmine('GET', `/groups/${gid}.json`)).json.group.name,
    status: async (gid) => (await redmine('GET', `/groups/${gid}.json`)).status,
  });
});

test("Redmine's refusals reach the SCIM client: a login taken → 409, an invalid e-mail → 400", async () => {
  // Made in Redmine behind Ferry's back: the connector space does not know the login, Redmine refuses it.
  const login = `${run}-taken`;
  const direct = await redmine('POST', '/users.json', {
    user: { login, firstname: 'A', lastname: 'B', mail: `${login}@example.test`, generate_password: true },
  });
  assert.equal(direct.status, 201);
  const dup = await t.scim(SCIM, '/Users', {
    method: 'POST',
    json: scimUser(login, { emails: [{ type: 'work', value: `${login}.2@example.test` }] }),
  });
  assert.equal(dup.status, 409, dup.text);
  assert.equal(dup.body.scimType, 'uniqueness');
  // The lookup flow found the user by its login: the client's filter now finds it too.
  const found = await t.scim(SCIM, `/Users?filter=${encodeURIComponent(`userName eq "${login}"`)}`);
  assert.equal(found.body.Resources?.[0]?.id, String(direct.json.user.id));

  const bad = await t.scim(SCIM, '/Users', {
    method: 'POST',
    json: scimUser(`${run}-bad`, { emails: [{ type: 'work', value: 'not an address' }] }),
  });
  assert.equal(bad.status, 400, bad.text);
  assert.equal(bad.body.scimType, 'invalidValue');
  assert.match(bad.body.detail, /Email is invalid/);
  assert.equal((await usersLike(`${run}-bad`)).length, 0, 'nothing made in Redmine');

  const short = await t.scim(SCIM, '/Users', { method: 'POST', json: scimUser(`${run}-pw`, { password: 'Ab-12' }) });
  assert.equal(short.status, 400, short.text);
  assert.match(short.body.detail, /Password is too/);
  assert.ok(!short.body.detail.includes('Ab-12'), 'the refused password is masked');
});

test('the ECMA-style connector creates a user with the ECMA2Host attributes', async () => {
  const ext = 'urn:ietf:params:scim:schemas:extension:ECMA2Host:2.0:User';
  const login = `${run}-ecma`;
  const r = await t.scim(ECMA, '/Users', {
    method: 'POST',
    json: {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ext],
      userName: login,
      [ext]: { login, firstname: 'Grace', lastname: 'Hopper', mail: `${login}@example.test`, active: false },
    },
  });
  assert.equal(r.status, 201, r.text);
  const u = (await redmine('GET', `/users/${r.body.id}.json`)).json.user;
  assert.deepEqual([u.login, u.firstname, u.status], [login, 'Grace', 3]);
});

test("Okta's SCIM 2.0 test passes against the SCIM-style Redmine connector", async () => {
  const out = await runOkta(`${t.host.baseUrl}/connectors/${SCIM}/scim`);
  assert.match(out, /\b52 passed, 0 failed\b/, out);
});

test("the template's Entra mappings provision users.csv into Redmine (ferry sync → the ECMA connector)", async () => {
  for (const u of await usersLike('@contoso.com')) await redmine('DELETE', `/users/${u.id}.json`);
  const out = await syncTemplateMappings(t, 'redmine');
  // Five rows, one soft-deleted: Entra creates no user for it.
  assert.match(out, /created 4 · updated 0 · disabled 0 · deleted 0 · skipped 1 · failed 0/, out);
  const ada = (await usersLike('ada.lovelace@contoso.com'))[0];
  assert.ok(ada, 'ada.lovelace@contoso.com is in Redmine');
  const u = (await redmine('GET', `/users/${ada.id}.json`)).json.user;
  assert.deepEqual([u.firstname, u.lastname, u.mail, u.status], ['Ada', 'Lovelace', 'ada.lovelace@contoso.com', 1]);
  // The mapping's initial password (Redact keeps it out of every log) logs in.
  const me = await redmine('GET', '/users/current.json', undefined, { user: u.login, password: 'Welcome-2-Redmine' });
  assert.equal(me.status, 200);
});
