// Zabbix 6.0 from Debian 12, the real application (scripts/apps/zabbix.sh installs and starts it), provisioned
// through Ferry over SCIM with the `zabbix` template: a JSON-RPC 2.0 API whose session token travels inside each
// request body, and whose refusals come back as 200 with an `error`. Every change is checked in Zabbix through
// its own API.
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

interface ZabbixUser {
  userid: string;
  username: string;
  name: string;
  surname: string;
  users_status: string;
  usrgrps: { usrgrpid: string }[];
  medias: { sendto: string[] }[];
}

/** One JSON-RPC call on Zabbix's API: its result, or its error (auth omitted for user.login). */
async function rpc(method: string, params: unknown, auth: string | undefined = token): Promise<any> {
  const r = await fetch(`${env.ZABBIX_URL}/api_jsonrpc.php`, {
    method: 'POST',
    headers: { 'content-type': 'application/json-rpc' },
    body: JSON.stringify({ jsonrpc: '2.0', method, params, ...(auth ? { auth } : {}), id: 1 }),
  });
  assert.equal(r.status, 200);
  return r.json();
}

const login = async (username: string, password: string) => rpc('user.login', { username, password }, '');

async function user(id: string): Promise<ZabbixUser | undefined> {
  const r = await rpc('user.get', {
    userids: [id],
    output: ['userid', 'username', 'name', 'surname'],
    selectUsrgrps: ['usrgrpid'],
    selectMedias: ['sendto'],
    getAccess: true,
  });
  return r.result[0];
}

async function usersNamed(filter: Record<string, unknown>): Promise<ZabbixUser[]> {
  return (await rpc('user.get', { output: ['userid', 'username', 'name', 'surname'], getAccess: true, ...filter }))
    .result;
}

before(async () => {
  env = startApp('zabbix');
  token = (await login(env.ZABBIX_USER, env.ZABBIX_PASSWORD)).result;
  assert.ok(token, 'the service account logs in');
  // Seeds users seed-0… through Zabbix's API until there are SEEDED (kept across runs); user.create takes many.
  const have = new Set((await usersNamed({ search: { username: 'seed-' } })).map((u) => u.username));
  const missing = Array.from({ length: SEEDED }, (_, i) => `seed-${i}`).filter((n) => !have.has(n));
  // Batches of 50, 4 at a time (Zabbix hashes each password with bcrypt).
  await inParallel(0, Math.ceil(missing.length / 50), 4, async (b) => {
    const r = await rpc(
      'user.create',
      missing.slice(b * 50, b * 50 + 50).map((username) => ({
        username,
        name: 'Seed',
        surname: `User ${username.slice(5)}`,
        passwd: 'Xq-7-pass-word',
        roleid: '1',
        usrgrps: [{ usrgrpid: env.ZABBIX_USERGROUP }],
        medias: [{ mediatypeid: '1', sendto: [`${username}@example.test`] }],
      })),
    );
    assert.ok(r.result, JSON.stringify(r.error));
  });
  t = await startTemplateHost('zabbix', env.ZABBIX_URL, {
    username: env.ZABBIX_USER,
    password: env.ZABBIX_PASSWORD,
    userGroupId: env.ZABBIX_USERGROUP,
    disabledGroupId: '9',
    roleId: '1',
    emailMediaTypeId: '1',
  });
});

after(async () => {
  await t?.stop();
  const users = (await usersNamed({})).filter(
    (u) => u.username.startsWith(run) || /^Runscope|@contoso\.com$/.test(u.username),
  );
  if (users.length)
    await rpc(
      'user.delete',
      users.map((u) => u.userid),
    );
  const groups = (await rpc('usergroup.get', { output: ['usrgrpid', 'name'] })).result as {
    usrgrpid: string;
    name: string;
  }[];
  const mine = groups.filter((g) => g.name.startsWith(run) || g.name.startsWith('Runscope'));
  if (mine.length)
    await rpc(
      'usergroup.delete',
      mine.map((g) => g.usrgrpid),
    );
});

test('the start-up import holds every Zabbix user (at least 500)', async () => {
  const all = (await usersNamed({})).length;
  assert.ok(all >= SEEDED, `${all} users in Zabbix`);
  const r = await t.scim(SCIM, '/Users?count=1');
  assert.equal(r.status, 200);
  assert.equal(r.body.totalResults, all);
  const seeded = await t.scim(SCIM, `/Users?filter=${encodeURIComponent('userName eq "seed-7"')}`);
  assert.equal(seeded.body.Resources[0].name.familyName, 'User 7');
  assert.equal(seeded.body.Resources[0].active, true);
});

test('create, get, filter, update, disable, enable, password and delete, checked in Zabbix', async () => {
  const name = `${run}-ada`;
  const id = await createAndFind(t, name);
  let u = await user(id);
  assert.deepEqual(
    [u?.username, u?.name, u?.surname, u?.medias[0]?.sendto, u?.users_status],
    [name, 'Ada', 'Lovelace', [`${name}@example.test`], '0'],
  );

  const patch = (ops: unknown[]) => t.scim(SCIM, `/Users/${id}`, { method: 'PATCH', json: patchOp(ops) });
  let r = await patch([{ op: 'replace', path: 'name.familyName', value: 'King' }]);
  assert.equal(r.status, 200, r.text);
  assert.equal((await user(id))?.surname, 'King');
  r = await patch([{ op: 'replace', path: 'emails[type eq "work"].value', value: `${name}@example.org` }]);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual((await user(id))?.medias[0]?.sendto, [`${name}@example.org`]);

  const password = 'Correct-Horse-42';
  r = await patch([{ op: 'replace', path: 'password', value: password }]);
  assert.equal(r.status, 200, r.text);
  assert.ok((await login(name, password)).result, 'the user logs in to Zabbix with the new password');
  assert.ok(!t.logs().includes(password), 'the password is not in the host log');

  r = await patch([{ op: 'replace', path: 'active', value: false }]);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.active, false);
  u = await user(id);
  assert.equal(u?.users_status, '1', 'disabled in Zabbix');
  assert.deepEqual(u?.usrgrps.map((g) => g.usrgrpid).sort(), [env.ZABBIX_USERGROUP, '9'].sort());
  assert.match((await login(name, password)).error?.data, /No permissions for system access/);
  r = await patch([{ op: 'replace', path: 'active', value: true }]);
  assert.equal(r.body.active, true);
  u = await user(id);
  assert.equal(u?.users_status, '0', 'enabled again in Zabbix');
  assert.deepEqual(u?.usrgrps, [{ usrgrpid: env.ZABBIX_USERGROUP }]);
  assert.ok((await login(name, password)).result, 'logs in again');

  assert.equal((await t.scim(SCIM, `/Users/${id}`, { method: 'DELETE' })).status, 204);
  assert.equal(await user(id), undefined);
  assert.equal((await t.scim(SCIM, `/Users/${id}`)).status, 404);
});

test('user groups with members: create, add, remove, rename, delete, checked in Zabbix', async () => {
  const group = async (gid: string) =>
    (await rpc('usergroup.get', { usrgrpids: [gid], output: ['name'], selectUsers: ['userid'] })).result[0];
  await groupRoundTrip(t, run, {
    members: async (gid) => (await group(gid)).users.map((u: { userid: string }) => u.userid).sort(),
    name: async (gid) => (await group(gid)).name,
    status: async (gid) => ((await group(gid)) ? 200 : 404),
  });
});

test("Zabbix's refusals reach the SCIM client: a username taken → 409, a value too long → 400", async () => {
  // Made in Zabbix behind Ferry's back: the connector space does not know the name; Zabbix's error says so.
  const name = `${run}-taken`;
  const direct = await rpc('user.create', {
    username: name,
    passwd: 'Xq-7-pass-word',
    roleid: '1',
    usrgrps: [{ usrgrpid: env.ZABBIX_USERGROUP }],
  });
  assert.ok(direct.result, JSON.stringify(direct.error));
  const dup = await t.scim(SCIM, '/Users', { method: 'POST', json: scimUser(name) });
  assert.equal(dup.status, 409, dup.text);
  assert.equal(dup.body.scimType, 'uniqueness');
  assert.match(dup.body.detail, /already exists/);
  const found = await t.scim(SCIM, `/Users?filter=${encodeURIComponent(`userName eq "${name}"`)}`);
  assert.equal(found.body.Resources?.[0]?.id, direct.result.userids[0]);

  const long = `${run}-${'x'.repeat(120)}`;
  const bad = await t.scim(SCIM, '/Users', { method: 'POST', json: scimUser(long) });
  assert.equal(bad.status, 400, bad.text);
  assert.equal(bad.body.scimType, 'invalidValue');
  assert.match(bad.body.detail, /username.*value is too long/);

  const short = await t.scim(SCIM, '/Users', { method: 'POST', json: scimUser(`${run}-short`, { password: 'Ab1!' }) });
  assert.equal(short.status, 400, short.text);
  assert.match(short.body.detail, /at least 8 characters/);
  assert.equal((await usersNamed({ filter: { username: `${run}-short` } })).length, 0, 'nothing half made');
});

test('the ECMA-style connector creates a disabled user with the ECMA2Host attributes', async () => {
  const ext = 'urn:ietf:params:scim:schemas:extension:ECMA2Host:2.0:User';
  const name = `${run}-ecma`;
  const r = await t.scim(ECMA, '/Users', {
    method: 'POST',
    json: {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ext],
      userName: name,
      [ext]: { username: name, name: 'Grace', surname: 'Hopper', active: false },
    },
  });
  assert.equal(r.status, 201, r.text);
  const u = await user(r.body.id);
  assert.deepEqual([u?.username, u?.name, u?.users_status], [name, 'Grace', '1']);
});

test("Okta's SCIM 2.0 test passes against the SCIM-style Zabbix connector", async () => {
  const out = await runOkta(`${t.host.baseUrl}/connectors/${SCIM}/scim`);
  assert.match(out, /\b52 passed, 0 failed\b/, out);
});

test("the template's Entra mappings provision users.csv into Zabbix (ferry sync → the ECMA connector)", async () => {
  const old = (await usersNamed({})).filter((u) => u.username.endsWith('@contoso.com'));
  if (old.length)
    await rpc(
      'user.delete',
      old.map((u) => u.userid),
    );
  const out = await syncTemplateMappings(t, 'zabbix');
  assert.match(out, /created 4 · updated 0 · disabled 0 · deleted 0 · skipped 1 · failed 0/, out);
  const [u] = await usersNamed({ filter: { username: 'ada.lovelace@contoso.com' }, selectMedias: ['sendto'] });
  assert.deepEqual(
    [u?.name, u?.surname, u?.medias[0]?.sendto, u?.users_status],
    ['Ada', 'Lovelace', ['ada.lovelace@contoso.com'], '0'],
  );
  assert.ok((await login('ada.lovelace@contoso.com', 'Welcome-2-Zabbix')).result, "Ada's mapped password logs in");
});
