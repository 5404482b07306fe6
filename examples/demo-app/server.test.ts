// Black-box tests of the demo application: each suite starts server.ts as its own process on port 0.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { KEY, type RunningApp, call, startApp, suiteScope, tempDir } from './test-server.ts';

/** Creates an account and returns it (asserting 201). */
async function createAccount(app: RunningApp, body: Record<string, unknown>): Promise<any> {
  const r = await call(app, 'POST', '/api/v1/accounts', body);
  assert.equal(r.status, 201, r.text);
  return r.json;
}

/** Every item of a paged list, following next_cursor. */
async function pageAll(
  app: RunningApp,
  path: string,
  limit: number,
  between?: (page: number) => Promise<void>,
): Promise<any[]> {
  const items: any[] = [];
  let cursor: string | null = null;
  let page = 0;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const r = await call(
      app,
      'GET',
      `${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    assert.equal(r.status, 200, r.text);
    assert.ok(r.json.data.length <= limit);
    items.push(...r.json.data);
    cursor = r.json.paging.next_cursor;
    if (between) await between(++page);
  } while (cursor !== null);
  return items;
}

describe('demo app: the common API', () => {
  let app: RunningApp;
  const scope = suiteScope();
  before(async () => {
    app = await startApp(scope, { args: ['--password-cost', '1024'] });
  });

  test('health and the OpenAPI document need no key; the ready line carries the real port', async () => {
    assert.match(app.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.notEqual(new URL(app.url).port, '0');
    const h = await call(app, 'GET', '/health', undefined, { 'X-Api-Key': '' });
    assert.deepEqual([h.status, h.json], [200, { status: 'ok' }]);
    const o = await fetch(`${app.url}/openapi.json`);
    assert.equal(o.status, 200);
    assert.equal(((await o.json()) as { openapi: string }).openapi, '3.0.3');
  });

  test('auth: every /api request needs the right X-Api-Key', async () => {
    const none = await fetch(`${app.url}/api/v1/accounts`);
    assert.equal(none.status, 401);
    assert.deepEqual(((await none.json()) as any).error.code, 'unauthorized');
    assert.match(none.headers.get('www-authenticate') ?? '', /ApiKey/);
    const wrong = await call(app, 'GET', '/api/v1/accounts', undefined, { 'X-Api-Key': `${KEY}x` });
    assert.equal(wrong.status, 401);
    const shorter = await call(app, 'GET', '/api/v1/teams', undefined, { 'X-Api-Key': 'k' });
    assert.equal(shorter.status, 401);
    const unknownPath = await call(app, 'GET', '/api/v1/nothing', undefined, { 'X-Api-Key': 'nope' });
    assert.equal(unknownPath.status, 401, 'no probing of endpoints without a key');
    assert.equal((await call(app, 'GET', '/api/v1/accounts')).status, 200);
  });

  test('accounts: create, read, merge-patch, replace, delete; ids assigned and never reused', async () => {
    const created = await call(app, 'POST', '/api/v1/accounts', {
      login: 'jdoe',
      first_name: 'John',
      last_name: 'Doe',
      department: 'Sales',
      expires_on: '2030-01-31',
      emails: [
        { kind: 'work', address: 'jdoe@acme.example' },
        { address: 'john@home.example', kind: 'home' },
      ],
      phones: [{ kind: 'mobile', number: '+31 6 1234 5678' }],
      password: 'correct horse',
    });
    assert.equal(created.status, 201, created.text);
    const a = created.json;
    assert.match(a.id, /^acc_\d{6}$/);
    assert.equal(created.headers.get('location'), `/api/v1/accounts/${a.id}`);
    assert.equal(a.status, 'active');
    assert.equal(a.version, 1);
    assert.equal(a.display_name, null);
    assert.equal(a.manager_id, null);
    assert.deepEqual(a.emails, [
      { kind: 'work', address: 'jdoe@acme.example' },
      { kind: 'home', address: 'john@home.example' },
    ]);
    assert.equal('password' in a, false);
    assert.equal(created.text.includes('correct horse'), false);
    assert.deepEqual((await call(app, 'GET', `/api/v1/accounts/${a.id}`)).json, a);

    const patched = await call(app, 'PATCH', `/api/v1/accounts/${a.id}`, {
      job_title: 'Buyer',
      department: null,
      phones: [{ kind: 'office', number: '020 555 0100' }],
    });
    assert.equal(patched.status, 200, patched.text);
    assert.equal(patched.json.job_title, 'Buyer');
    assert.equal(patched.json.department, null);
    assert.deepEqual(patched.json.phones, [{ kind: 'office', number: '020 555 0100' }], 'arrays are replaced whole');
    assert.deepEqual(patched.json.emails, a.emails, 'absent fields are kept');
    assert.equal(patched.json.version, 2);
    assert.ok(patched.json.updated_at >= a.updated_at);
    assert.equal(patched.json.created_at, a.created_at);

    const same = await call(
      app,
      'PATCH',
      `/api/v1/accounts/${a.id}`,
      { job_title: 'Buyer' },
      { 'Content-Type': 'application/merge-patch+json' },
    );
    assert.equal(same.status, 200);
    assert.equal(same.json.version, 2, 'a write that changes nothing does not bump the version');

    const replaced = await call(app, 'PUT', `/api/v1/accounts/${a.id}`, { login: 'JDoe', city: 'Utrecht' });
    assert.equal(replaced.status, 200, replaced.text);
    assert.equal(replaced.json.login, 'JDoe');
    assert.equal(replaced.json.city, 'Utrecht');
    assert.equal(replaced.json.first_name, null, 'PUT clears absent fields');
    assert.deepEqual(replaced.json.emails, []);
    assert.equal(replaced.json.expires_on, null);
    assert.equal(replaced.json.version, 3);
    assert.equal((await call(app, 'PUT', `/api/v1/accounts/${a.id}`, { city: 'Utrecht' })).json.error.code, 'required');

    const del = await call(app, 'DELETE', `/api/v1/accounts/${a.id}`);
    assert.equal(del.status, 204);
    assert.equal(del.text, '');
    const gone = await call(app, 'GET', `/api/v1/accounts/${a.id}`);
    assert.equal(gone.status, 404);
    assert.equal(gone.json.error.code, 'not_found');
    assert.equal((await call(app, 'DELETE', `/api/v1/accounts/${a.id}`)).status, 404);
    assert.equal((await call(app, 'PATCH', `/api/v1/accounts/${a.id}`, { city: 'x' })).status, 404);
    const next = await createAccount(app, { login: 'jdoe' });
    assert.ok(Number(next.id.slice(4)) > Number(a.id.slice(4)), 'a deleted id is never handed out again');
    assert.equal((await call(app, 'GET', '/api/v1/accounts/acc_1')).status, 404, 'only the canonical id form is an id');
    assert.equal((await call(app, 'GET', '/api/v1/accounts/team_000001')).status, 404);
  });

  test('accounts: validation answers 400 naming the field', async () => {
    const cases: [unknown, string, string][] = [
      [{}, 'login', 'required'],
      [{ login: '' }, 'login', 'required'],
      [{ login: 'has space' }, 'login', 'invalid_value'],
      [{ login: 'x'.repeat(129) }, 'login', 'invalid_value'],
      [{ login: 'v1', nickname: 'x' }, 'nickname', 'unknown_field'],
      [{ login: 'v2', status: 'suspended' }, 'status', 'read_only_field'],
      [{ login: 'v3', id: 'acc_999999' }, 'id', 'read_only_field'],
      [{ login: 'v4', version: 7 }, 'version', 'read_only_field'],
      [{ login: 'v5', first_name: 5 }, 'first_name', 'invalid_value'],
      [{ login: 'v6', expires_on: '2024-02-30' }, 'expires_on', 'invalid_value'],
      [{ login: 'v7', expires_on: '2024-02-01T00:00:00Z' }, 'expires_on', 'invalid_value'],
      [{ login: 'v8', emails: [{ kind: 'private', address: 'a@b.c' }] }, 'emails[0].kind', 'invalid_value'],
      [{ login: 'v9', emails: [{ kind: 'work', address: 'not-an-address' }] }, 'emails[0].address', 'invalid_value'],
      [
        { login: 'v10', emails: [{ kind: 'work', address: 'a@b.c', primary: true }] },
        'emails[0].primary',
        'unknown_field',
      ],
      [{ login: 'v11', phones: [{ kind: 'fax', number: '123' }] }, 'phones[0].kind', 'invalid_value'],
      [{ login: 'v12', emails: 'a@b.c' }, 'emails', 'invalid_value'],
      [{ login: 'v13', manager_id: 42 }, 'manager_id', 'invalid_value'],
    ];
    for (const [body, field, code] of cases) {
      const r = await call(app, 'POST', '/api/v1/accounts', body);
      assert.equal(r.status, 400, `${JSON.stringify(body)}: ${r.text}`);
      assert.deepEqual([r.json.error.code, r.json.error.field], [code, field], JSON.stringify(body));
      assert.equal(typeof r.json.error.message, 'string');
    }
    const arr = await call(app, 'POST', '/api/v1/accounts', [{ login: 'x' }]);
    assert.deepEqual([arr.status, arr.json.error.code], [400, 'invalid_body']);
    const empty = await call(app, 'POST', '/api/v1/accounts');
    assert.deepEqual([empty.status, empty.json.error.code], [400, 'invalid_body']);
    const a = await createAccount(app, { login: 'valid1' });
    const pw = await call(app, 'PATCH', `/api/v1/accounts/${a.id}`, { password: 'long enough' });
    assert.deepEqual([pw.status, pw.json.error.field], [400, 'password'], 'passwords go through the password endpoint');
    const nullLogin = await call(app, 'PATCH', `/api/v1/accounts/${a.id}`, { login: null });
    assert.deepEqual([nullLogin.status, nullLogin.json.error.code], [400, 'required']);
  });

  test('accounts: login is unique ignoring case (409 duplicate_login)', async () => {
    const bob = await createAccount(app, { login: 'Bob.Smith@acme.example' });
    for (const login of ['bob.smith@acme.example', 'BOB.SMITH@ACME.EXAMPLE']) {
      const r = await call(app, 'POST', '/api/v1/accounts', { login });
      assert.equal(r.status, 409);
      assert.deepEqual(r.json.error, { code: 'duplicate_login', field: 'login', message: r.json.error.message });
    }
    const other = await createAccount(app, { login: 'robert' });
    const clash = await call(app, 'PATCH', `/api/v1/accounts/${other.id}`, { login: 'BOB.smith@acme.example' });
    assert.equal(clash.status, 409);
    assert.equal(
      (await call(app, 'PUT', `/api/v1/accounts/${other.id}`, { login: 'bob.SMITH@acme.example' })).status,
      409,
    );
    const recase = await call(app, 'PATCH', `/api/v1/accounts/${bob.id}`, { login: 'bob.smith@acme.example' });
    assert.equal(recase.status, 200, 'an account may change the case of its own login');
    const found = await call(app, 'GET', '/api/v1/accounts?login=BOB.Smith%40acme.example');
    assert.deepEqual(
      found.json.data.map((x: any) => x.id),
      [bob.id],
    );
    assert.equal(found.json.paging.next_cursor, null);
  });

  test('accounts: manager references are checked; deleting a manager clears it on the reports', async () => {
    const boss = await createAccount(app, { login: 'boss' });
    const mid = await createAccount(app, { login: 'mid', manager_id: boss.id });
    const report = await createAccount(app, { login: 'report', manager_id: mid.id });
    assert.equal(report.manager_id, mid.id);
    for (const manager_id of ['acc_999999', 'acc_9', 'nobody']) {
      const r = await call(app, 'POST', '/api/v1/accounts', { login: 'orphan', manager_id });
      assert.deepEqual(
        [r.status, r.json.error.code, r.json.error.field],
        [400, 'invalid_reference', 'manager_id'],
        manager_id,
      );
    }
    const self = await call(app, 'PATCH', `/api/v1/accounts/${boss.id}`, { manager_id: boss.id });
    assert.deepEqual([self.status, self.json.error.code], [400, 'manager_cycle']);
    const cycle = await call(app, 'PATCH', `/api/v1/accounts/${boss.id}`, { manager_id: report.id });
    assert.deepEqual([cycle.status, cycle.json.error.code], [400, 'manager_cycle']);
    const cleared = await call(app, 'PATCH', `/api/v1/accounts/${report.id}`, { manager_id: null });
    assert.equal(cleared.json.manager_id, null);
    await call(app, 'PATCH', `/api/v1/accounts/${report.id}`, { manager_id: mid.id });

    assert.equal((await call(app, 'DELETE', `/api/v1/accounts/${mid.id}`)).status, 204);
    const after = (await call(app, 'GET', `/api/v1/accounts/${report.id}`)).json;
    assert.equal(after.manager_id, null);
    assert.equal(after.version, 4, 'losing the manager is a change of the report');
    assert.equal((await call(app, 'GET', `/api/v1/accounts/${boss.id}`)).json.version, 1);
  });

  test('activation endpoint: suspend and reactivate; status is read-only elsewhere', async () => {
    const a = await createAccount(app, { login: 'act1' });
    const off = await call(app, 'POST', `/api/v1/accounts/${a.id}/activation`, { active: false });
    assert.equal(off.status, 200, off.text);
    assert.deepEqual([off.json.status, off.json.version], ['suspended', 2]);
    const again = await call(app, 'POST', `/api/v1/accounts/${a.id}/activation`, { active: false });
    assert.deepEqual([again.json.status, again.json.version], ['suspended', 2], 'no change, no version bump');
    const on = await call(app, 'POST', `/api/v1/accounts/${a.id}/activation`, { active: true });
    assert.deepEqual([on.json.status, on.json.version], ['active', 3]);
    for (const body of [{}, { active: 'false' }, { active: true, reason: 'x' }]) {
      assert.equal(
        (await call(app, 'POST', `/api/v1/accounts/${a.id}/activation`, body)).status,
        400,
        JSON.stringify(body),
      );
    }
    assert.equal((await call(app, 'POST', '/api/v1/accounts/acc_999998/activation', { active: true })).status, 404);
    assert.equal(
      (await call(app, 'PATCH', `/api/v1/accounts/${a.id}`, { status: 'suspended' })).json.error.code,
      'read_only_field',
    );
  });

  test('password endpoint: policy 422, stored only as an scrypt hash, never returned', async () => {
    const a = await createAccount(app, { login: 'pw1', password: 'first-password' });
    const verify = async (password: string) =>
      (await call(app, 'POST', `/api/v1/accounts/${a.id}/password/verify`, { password })).json.valid;
    assert.equal(await verify('first-password'), true);
    assert.equal(await verify('wrong-password'), false);
    const weak = await call(app, 'PUT', `/api/v1/accounts/${a.id}/password`, { password: 'short' });
    assert.equal(weak.status, 422);
    assert.deepEqual([weak.json.error.code, weak.json.error.field], ['password_policy', 'password']);
    const set = await call(app, 'PUT', `/api/v1/accounts/${a.id}/password`, { password: 'second-password' });
    assert.equal(set.status, 204);
    assert.equal(await verify('second-password'), true);
    assert.equal(await verify('first-password'), false);
    const after = (await call(app, 'GET', `/api/v1/accounts/${a.id}`)).json;
    assert.equal(after.version, 1, 'a password is not part of the representation');
    assert.equal(JSON.stringify(after).includes('password'), false);
    assert.equal((await call(app, 'PUT', `/api/v1/accounts/${a.id}/password`, {})).json.error.code, 'required');
    assert.equal((await call(app, 'PUT', `/api/v1/accounts/${a.id}/password`, { password: 12345678 })).status, 400);
    assert.equal(
      (await call(app, 'PUT', '/api/v1/accounts/acc_999997/password', { password: 'long enough' })).status,
      404,
    );
    const noPw = await createAccount(app, { login: 'pw2' });
    assert.equal(
      (await call(app, 'POST', `/api/v1/accounts/${noPw.id}/password/verify`, { password: 'anything1' })).json.valid,
      false,
    );

    const weakCreate = await call(app, 'POST', '/api/v1/accounts', { login: 'pw3', password: '1234567' });
    assert.equal(weakCreate.status, 422);
    assert.equal(
      (await call(app, 'GET', '/api/v1/accounts?login=pw3')).json.data.length,
      0,
      'a refused create writes nothing',
    );

    // What is on disk: the hash, not the password (read through SQLite while the app runs, as WAL allows).
    const db = new Database(join(app.dataDir, 'app.db'), { readonly: true });
    try {
      const row = db.prepare("SELECT password_hash FROM accounts WHERE login = 'pw1'").get() as {
        password_hash: string;
      };
      assert.match(row.password_hash, /^scrypt\$\d+\$8\$1\$[\w-]+\$[\w-]+$/);
      assert.equal(row.password_hash.includes('second-password'), false);
      assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    } finally {
      db.close();
    }
  });

  test('list parameters: login filter, updated_since, invalid cursor and limit', async () => {
    const before = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 5));
    const a = await createAccount(app, { login: 'recent1' });
    const b = await createAccount(app, { login: 'recent2' });
    const since = await call(app, 'GET', `/api/v1/accounts?updated_since=${encodeURIComponent(before)}`);
    assert.deepEqual(
      since.json.data.map((x: any) => x.id),
      [a.id, b.id],
    );
    assert.equal(
      (await call(app, 'GET', '/api/v1/accounts?updated_since=yesterday')).json.error.field,
      'updated_since',
    );
    for (const q of [
      'limit=0',
      'limit=501',
      'limit=ten',
      'cursor=garbage!',
      `cursor=${Buffer.from('v2:1').toString('base64url')}`,
    ]) {
      const r = await call(app, 'GET', `/api/v1/accounts?${q}`);
      assert.equal(r.status, 400, q);
      assert.ok(['invalid_parameter', 'invalid_cursor'].includes(r.json.error.code), q);
    }
    assert.equal((await call(app, 'GET', '/api/v1/accounts?limit=500')).status, 200);
  });

  test('teams: create, read, patch, delete; unique names; members add/remove idempotently', async () => {
    const t1 = await call(app, 'POST', '/api/v1/teams', { name: 'Sales EMEA', description: 'Sellers' });
    assert.equal(t1.status, 201, t1.text);
    const team = t1.json;
    assert.match(team.id, /^team_\d{6}$/);
    assert.equal(t1.headers.get('location'), `/api/v1/teams/${team.id}`);
    assert.deepEqual([team.member_count, team.version], [0, 1]);
    const dup = await call(app, 'POST', '/api/v1/teams', { name: 'sales emea' });
    assert.deepEqual([dup.status, dup.json.error.code, dup.json.error.field], [409, 'duplicate_name', 'name']);
    assert.equal((await call(app, 'POST', '/api/v1/teams', { description: 'x' })).json.error.code, 'required');
    assert.equal(
      (await call(app, 'POST', '/api/v1/teams', { name: 'X', members: [] })).json.error.code,
      'unknown_field',
    );
    const p = await call(app, 'PATCH', `/api/v1/teams/${team.id}`, { description: null });
    assert.deepEqual([p.json.name, p.json.description, p.json.version], ['Sales EMEA', null, 2]);
    assert.equal((await call(app, 'GET', '/api/v1/teams?name=SALES%20emea')).json.data[0].id, team.id);

    const m1 = await createAccount(app, { login: 'member1' });
    const m2 = await createAccount(app, { login: 'member2' });
    const add = await call(app, 'POST', `/api/v1/teams/${team.id}/members`, { account_id: m1.id });
    assert.deepEqual([add.status, add.json], [201, { account_id: m1.id, login: 'member1' }]);
    const again = await call(app, 'POST', `/api/v1/teams/${team.id}/members`, { account_id: m1.id });
    assert.deepEqual(
      [again.status, again.json],
      [200, { account_id: m1.id, login: 'member1' }],
      'adding twice is fine',
    );
    await call(app, 'POST', `/api/v1/teams/${team.id}/members`, { account_id: m2.id });
    const bad = await call(app, 'POST', `/api/v1/teams/${team.id}/members`, { account_id: 'acc_999996' });
    assert.deepEqual([bad.status, bad.json.error.code, bad.json.error.field], [400, 'invalid_reference', 'account_id']);
    assert.equal((await call(app, 'POST', '/api/v1/teams/team_999999/members', { account_id: m1.id })).status, 404);
    assert.deepEqual((await call(app, 'GET', `/api/v1/teams/${team.id}/members`)).json, {
      data: [
        { account_id: m1.id, login: 'member1' },
        { account_id: m2.id, login: 'member2' },
      ],
      paging: { next_cursor: null },
    });
    const paged = await pageAll(app, `/api/v1/teams/${team.id}/members`, 1);
    assert.deepEqual(
      paged.map((m) => m.account_id),
      [m1.id, m2.id],
    );
    assert.equal((await call(app, 'GET', `/api/v1/teams/${team.id}`)).json.member_count, 2);
    assert.equal(
      (await call(app, 'GET', `/api/v1/teams/${team.id}`)).json.version,
      2,
      'members do not change the team version',
    );

    assert.equal((await call(app, 'DELETE', `/api/v1/teams/${team.id}/members/${m1.id}`)).status, 204);
    assert.equal(
      (await call(app, 'DELETE', `/api/v1/teams/${team.id}/members/${m1.id}`)).status,
      204,
      'removing twice is fine',
    );
    assert.equal((await call(app, 'DELETE', `/api/v1/teams/${team.id}/members/acc_999995`)).status, 204);
    assert.equal((await call(app, 'DELETE', `/api/v1/teams/team_999999/members/${m1.id}`)).status, 404);
    await call(app, 'DELETE', `/api/v1/accounts/${m2.id}`);
    assert.deepEqual(
      (await call(app, 'GET', `/api/v1/teams/${team.id}/members`)).json.data,
      [],
      'a deleted account leaves its teams',
    );

    assert.equal((await call(app, 'DELETE', `/api/v1/teams/${team.id}`)).status, 204);
    assert.equal((await call(app, 'GET', `/api/v1/teams/${team.id}`)).status, 404);
    assert.equal((await call(app, 'GET', `/api/v1/teams/${team.id}/members`)).status, 404);
    const list = await pageAll(app, '/api/v1/teams', 50);
    assert.equal(
      list.some((t) => t.id === team.id),
      false,
    );
  });

  test('changes feed: one entry per change, in order, from a watermark', async () => {
    const start = (await call(app, 'GET', '/api/v1/changes/latest')).json.seq;
    assert.equal(typeof start, 'number');
    const none = await call(app, 'GET', `/api/v1/changes?since=${start}`);
    assert.deepEqual(none.json, { data: [], next_since: start });

    const boss = await createAccount(app, { login: 'feed-boss' });
    const a = await createAccount(app, { login: 'feed-a', manager_id: boss.id });
    await call(app, 'PATCH', `/api/v1/accounts/${a.id}`, { city: 'Oslo' });
    await call(app, 'PATCH', `/api/v1/accounts/${a.id}`, { city: 'Oslo' }); // no change, no entry
    await call(app, 'PUT', `/api/v1/accounts/${a.id}/password`, { password: 'feed-password' }); // not a change of the account
    await call(app, 'POST', `/api/v1/accounts/${a.id}/activation`, { active: false });
    const team = (await call(app, 'POST', '/api/v1/teams', { name: 'Feed team' })).json;
    await call(app, 'POST', `/api/v1/teams/${team.id}/members`, { account_id: a.id });
    await call(app, 'POST', `/api/v1/teams/${team.id}/members`, { account_id: a.id }); // already a member
    await call(app, 'POST', `/api/v1/teams/${team.id}/members`, { account_id: boss.id });
    await call(app, 'DELETE', `/api/v1/teams/${team.id}/members/${a.id}`);
    await call(app, 'DELETE', `/api/v1/accounts/${boss.id}`);
    await call(app, 'DELETE', `/api/v1/teams/${team.id}`);

    const r = await call(app, 'GET', `/api/v1/changes?since=${start}`);
    const got = r.json.data.map((c: any) => [c.type, c.id, c.op, c.account_id ?? null]);
    assert.deepEqual(got, [
      ['account', boss.id, 'upsert', null],
      ['account', a.id, 'upsert', null],
      ['account', a.id, 'upsert', null],
      ['account', a.id, 'upsert', null],
      ['team', team.id, 'upsert', null],
      ['membership', team.id, 'upsert', a.id],
      ['membership', team.id, 'upsert', boss.id],
      ['membership', team.id, 'delete', a.id],
      ['account', a.id, 'upsert', null], // lost its manager
      ['membership', team.id, 'delete', boss.id],
      ['account', boss.id, 'delete', null],
      ['team', team.id, 'delete', null],
    ]);
    const seqs = r.json.data.map((c: any) => c.seq);
    assert.deepEqual(
      seqs,
      [...seqs].sort((x, y) => x - y),
    );
    assert.equal(r.json.next_since, seqs[seqs.length - 1]);
    assert.ok(r.json.data.every((c: any) => typeof c.at === 'string'));

    // Paging through the feed with small pages gives the same entries.
    const paged: number[] = [];
    for (let since = start; ; ) {
      const p = await call(app, 'GET', `/api/v1/changes?since=${since}&limit=5`);
      if (p.json.data.length === 0) break;
      paged.push(...p.json.data.map((c: any) => c.seq));
      since = p.json.next_since;
    }
    assert.deepEqual(paged, seqs);
    assert.equal((await call(app, 'GET', '/api/v1/changes?since=-1')).json.error.field, 'since');
    assert.equal((await call(app, 'GET', '/api/v1/changes?limit=1001')).json.error.field, 'limit');
  });

  test('HTTP errors: 413 over 1 MB, 400 malformed JSON, 415 not JSON, 404 and 405', async () => {
    const big = JSON.stringify({ login: 'big', first_name: 'x'.repeat(1024 * 1024) });
    const tooBig = await call(app, 'POST', '/api/v1/accounts', big);
    assert.equal(tooBig.status, 413);
    assert.equal(tooBig.json.error.code, 'payload_too_large');
    // Chunked (no Content-Length): counted while reading.
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        if (sent++ < 20) c.enqueue(chunk);
        else c.close();
      },
    });
    const chunked = await fetch(`${app.url}/api/v1/accounts`, {
      method: 'POST',
      headers: { 'X-Api-Key': KEY, 'Content-Type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    assert.equal(chunked.status, 413);
    await chunked.arrayBuffer();

    const malformed = await call(app, 'POST', '/api/v1/accounts', '{"login": "x",');
    assert.deepEqual([malformed.status, malformed.json.error.code], [400, 'malformed_json']);
    const text = await call(app, 'POST', '/api/v1/accounts', 'login=x', { 'Content-Type': 'text/plain' });
    assert.deepEqual([text.status, text.json.error.code], [415, 'unsupported_media_type']);
    const form = await call(app, 'PATCH', '/api/v1/accounts/acc_000001', 'a=b', {
      'Content-Type': 'application/x-www-form-urlencoded',
    });
    assert.equal(form.status, 415);
    const unknown = await call(app, 'GET', '/api/v2/accounts');
    assert.deepEqual([unknown.status, unknown.json.error.code], [404, 'not_found']);
    const method = await call(app, 'PUT', '/api/v1/teams/team_000001');
    assert.deepEqual([method.status, method.json.error.code], [405, 'method_not_allowed']);
    assert.deepEqual(method.headers.get('allow')?.split(', ').sort(), ['DELETE', 'GET', 'PATCH']);
    assert.equal(
      (await call(app, 'POST', '/_faults', { status: 500 })).status,
      404,
      'no fault injection unless started with --faults',
    );
    // Still healthy after all of that, on the same keep-alive connections.
    assert.equal((await call(app, 'GET', '/api/v1/accounts?limit=1')).status, 200);
  });
});

describe('demo app: cursor paging', () => {
  let app: RunningApp;
  const scope = suiteScope();
  before(async () => {
    app = await startApp(scope, { args: ['--seed', '1234'] });
  });

  test('1,234 accounts, each exactly once, in id order, with the seeded data', async () => {
    for (const limit of [500, 100, 7]) {
      const all = await pageAll(app, '/api/v1/accounts', limit);
      assert.equal(all.length, 1234, `limit ${limit}`);
      assert.equal(new Set(all.map((a) => a.id)).size, 1234);
      assert.deepEqual(
        all.map((a) => a.id),
        [...all.map((a) => a.id)].sort(),
      );
      assert.equal(all[0].id, 'acc_000001');
      assert.equal(all[1233].login, 'user1234');
    }
    const first = (await call(app, 'GET', '/api/v1/accounts?limit=500')).json;
    assert.equal(first.data.length, 500);
    assert.equal(typeof first.paging.next_cursor, 'string');
    const u42 = (await call(app, 'GET', '/api/v1/accounts/acc_000042')).json;
    assert.equal(u42.login, 'user42');
    assert.equal(u42.manager_id, 'acc_000002');
    assert.deepEqual(
      u42.emails.map((e: any) => e.kind),
      ['work', 'home'],
    );
    assert.equal(u42.emails[0].address, 'user42@acme.example');
    assert.deepEqual(
      u42.phones.map((p: any) => p.kind),
      ['office', 'mobile'],
    );
    assert.equal((await call(app, 'GET', '/api/v1/accounts/acc_000100')).json.status, 'suspended');
  });

  test('changes while paging: deleted accounts vanish, new ones come at the end, none twice', async () => {
    const created: string[] = [];
    const all = await pageAll(app, '/api/v1/accounts', 100, async (page) => {
      if (page === 3) {
        // Behind the cursor (already listed) and ahead of it (not yet listed).
        await call(app, 'DELETE', '/api/v1/accounts/acc_000050');
        await call(app, 'DELETE', '/api/v1/accounts/acc_001000');
        created.push((await createAccount(app, { login: `while-paging-${page}` })).id);
      }
    });
    const ids = all.map((a) => a.id);
    assert.equal(new Set(ids).size, ids.length, 'no account twice');
    assert.ok(ids.includes('acc_000050'), 'listed before it was deleted');
    assert.ok(!ids.includes('acc_001000'), 'deleted before its page');
    assert.equal(ids[ids.length - 1], created[0]);
    assert.equal(ids.length, 1234);
  });
});

describe('demo app: rate limit', () => {
  test('429 with Retry-After past the rate, per API key', async (t) => {
    const app = await startApp(t, { args: ['--rate', '5', '--api-key', 'second-key-0123456789'] });
    const burst = await Promise.all(Array.from({ length: 20 }, () => call(app, 'GET', '/api/v1/accounts?limit=1')));
    const limited = burst.filter((r) => r.status === 429);
    assert.ok(burst.filter((r) => r.status === 200).length >= 5);
    assert.ok(limited.length >= 10, `${limited.length} limited`);
    for (const r of limited) {
      assert.equal(r.json.error.code, 'rate_limited');
      assert.match(r.headers.get('retry-after') ?? '', /^[1-9]\d*$/);
    }
    const other = await call(app, 'GET', '/api/v1/accounts?limit=1', undefined, {
      'X-Api-Key': 'second-key-0123456789',
    });
    assert.equal(other.status, 200, 'each key has its own bucket');
    assert.equal((await call(app, 'GET', '/health')).status, 200, 'health is not limited');
    await new Promise((r) => setTimeout(r, Number(limited[0].headers.get('retry-after')) * 1000));
    assert.equal((await call(app, 'GET', '/api/v1/accounts?limit=1')).status, 200, 'allowed again after Retry-After');
  });
});

describe('demo app: fault injection (--faults)', () => {
  let app: RunningApp;
  const scope = suiteScope();
  before(async () => {
    app = await startApp(scope, { args: ['--faults', '--password-cost', '1024'] });
  });

  test('latency: matching requests are slow, then handled', async () => {
    await call(app, 'DELETE', '/_faults');
    const rule = await call(app, 'POST', '/_faults', {
      latencyMs: 1000,
      path: '/api/v1/teams',
      method: 'get',
      times: 1,
    });
    assert.equal(rule.status, 201, rule.text);
    const t0 = performance.now();
    const slow = await call(app, 'GET', '/api/v1/teams');
    assert.equal(slow.status, 200);
    assert.ok(performance.now() - t0 >= 990, 'delayed');
    const t1 = performance.now();
    await call(app, 'GET', '/api/v1/teams');
    assert.ok(performance.now() - t1 < 900, 'times: 1 expires the rule');
    assert.deepEqual((await call(app, 'GET', '/_faults')).json.data, []);
  });

  test('status: fails matching requests without handling them; 429 carries Retry-After: 1', async () => {
    await call(app, 'DELETE', '/_faults');
    await call(app, 'POST', '/_faults', { status: 503, path: '/api/v1/accounts', method: 'POST', times: 2 });
    for (let i = 0; i < 2; i++) {
      const r = await call(app, 'POST', '/api/v1/accounts', { login: 'fault-503' });
      assert.deepEqual([r.status, r.json.error.code], [503, 'fault_injected']);
    }
    assert.equal((await call(app, 'GET', '/api/v1/accounts?login=fault-503')).json.data.length, 0, 'nothing written');
    assert.equal(
      (await call(app, 'POST', '/api/v1/accounts', { login: 'fault-503' })).status,
      201,
      'after two, normal again',
    );

    await call(app, 'POST', '/_faults', { status: 429, path: '/api/v1/accounts/*' });
    const limited = await call(app, 'GET', '/api/v1/accounts/acc_999999');
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), '1');
    assert.equal((await call(app, 'GET', '/api/v1/accounts')).status, 200, 'the glob needs the trailing segment');
    await call(app, 'DELETE', '/_faults');
    assert.equal((await call(app, 'GET', '/api/v1/accounts/acc_999999')).status, 404, 'cleared: handled normally');
  });

  test('bodyContains: one object of a batch fails', async () => {
    await call(app, 'DELETE', '/_faults');
    await call(app, 'POST', '/_faults', {
      status: 500,
      method: 'POST',
      path: '/api/v1/accounts',
      bodyContains: '"batch-3"',
    });
    const results = [];
    for (let i = 1; i <= 5; i++)
      results.push((await call(app, 'POST', '/api/v1/accounts', { login: `batch-${i}` })).status);
    assert.deepEqual(results, [201, 201, 500, 201, 201]);
    await call(app, 'DELETE', '/_faults');
  });

  test('garbage: broken JSON after handling (the write happened), or instead of it with a status', async () => {
    await call(app, 'DELETE', '/_faults');
    await call(app, 'POST', '/_faults', { garbage: true, path: '/api/v1/accounts', method: 'POST', times: 1 });
    const r = await call(app, 'POST', '/api/v1/accounts', { login: 'garbled' });
    assert.equal(r.status, 201);
    assert.match(r.headers.get('content-type') ?? '', /application\/json/);
    assert.throws(() => JSON.parse(r.text));
    assert.equal((await call(app, 'GET', '/api/v1/accounts?login=garbled')).json.data.length, 1, 'the create was done');

    await call(app, 'POST', '/_faults', { garbage: true, status: 502, path: '/api/v1/teams', times: 1 });
    const g = await call(app, 'GET', '/api/v1/teams');
    assert.equal(g.status, 502);
    assert.throws(() => JSON.parse(g.text));
    const list = await call(app, 'POST', '/_faults', { garbage: true, path: '/api/v1/changes' });
    assert.equal(list.status, 201);
    const c = await call(app, 'GET', '/api/v1/changes');
    assert.deepEqual([c.status, c.json], [200, undefined]);
    await call(app, 'DELETE', '/_faults');
    assert.equal((await call(app, 'GET', '/api/v1/changes')).json.data.length > 0, true);
  });

  test('body: an exact body (empty, or another shape) instead of the answer, after handling or with a status', async () => {
    await call(app, 'DELETE', '/_faults');
    await call(app, 'POST', '/_faults', { status: 200, body: '', path: '/api/v1/accounts', method: 'GET', times: 1 });
    const empty = await call(app, 'GET', '/api/v1/accounts');
    assert.deepEqual([empty.status, empty.text], [200, '']);
    await call(app, 'POST', '/_faults', { body: '{"data": {"id": 1}}', path: '/api/v1/accounts', method: 'GET' });
    const shape = await call(app, 'GET', '/api/v1/accounts');
    assert.deepEqual([shape.status, shape.json], [200, { data: { id: 1 } }]);
    await call(app, 'DELETE', '/_faults');
    assert.equal(Array.isArray((await call(app, 'GET', '/api/v1/accounts')).json.data), true);
    assert.equal((await call(app, 'POST', '/_faults', { body: 3 })).status, 400);
  });

  test('rules are validated', async () => {
    for (const body of [
      { status: 99 },
      { latencyMs: -1 },
      { times: 0 },
      { garbage: 'yes' },
      { path: '' },
      { colour: 'red' },
    ]) {
      assert.equal((await call(app, 'POST', '/_faults', body)).status, 400, JSON.stringify(body));
    }
  });
});

describe('demo app: lifecycle', () => {
  test('data persists across a graceful restart; ids continue after the last one', async (t) => {
    const dataDir = tempDir(t);
    const app1 = await startApp(t, { dataDir });
    const a = await createAccount(app1, { login: 'persist', emails: [{ kind: 'work', address: 'p@acme.example' }] });
    const doomed = await createAccount(app1, { login: 'doomed' });
    await call(app1, 'DELETE', `/api/v1/accounts/${doomed.id}`);
    const team = (await call(app1, 'POST', '/api/v1/teams', { name: 'Persist' })).json;
    await call(app1, 'POST', `/api/v1/teams/${team.id}/members`, { account_id: a.id });
    const seq = (await call(app1, 'GET', '/api/v1/changes/latest')).json.seq;
    assert.equal(await app1.stop('SIGTERM'), 0, 'graceful exit');

    const app2 = await startApp(t, { dataDir });
    assert.deepEqual((await call(app2, 'GET', `/api/v1/accounts/${a.id}`)).json, a);
    assert.equal((await call(app2, 'GET', `/api/v1/teams/${team.id}/members`)).json.data[0].account_id, a.id);
    assert.equal((await call(app2, 'GET', '/api/v1/changes/latest')).json.seq, seq);
    const next = await createAccount(app2, { login: 'after-restart' });
    assert.ok(
      Number(next.id.slice(4)) > Number(doomed.id.slice(4)),
      'the deleted last id is not reused after a restart',
    );
    assert.equal(await app2.stop('SIGINT'), 0);
  });

  test('SIGTERM lets a request in flight finish, then exits 0', async (t) => {
    const app = await startApp(t, { args: ['--faults'] });
    await call(app, 'POST', '/_faults', { latencyMs: 1500, path: '/api/v1/teams', method: 'POST' });
    const pending = call(app, 'POST', '/api/v1/teams', { name: 'In flight' });
    await new Promise((r) => setTimeout(r, 500)); // the request is in the app's hands long before its 1.5 s are up
    const exit = app.stop('SIGTERM');
    const res = await pending;
    assert.equal(res.status, 201, res.text);
    assert.equal(res.headers.get('connection'), 'close');
    assert.equal(await exit, 0);
    const again = await startApp(t, { dataDir: app.dataDir });
    assert.equal(
      (await call(again, 'GET', '/api/v1/teams?name=in%20flight')).json.data.length,
      1,
      'the write was kept',
    );
    await again.stop();
  });

  test('--seed fills only an empty database; bad options exit with usage', async (t) => {
    const dataDir = tempDir(t);
    const app1 = await startApp(t, { dataDir, args: ['--seed', '25'] });
    assert.match(app1.stderr(), /seeded 25 accounts/);
    await call(app1, 'PATCH', '/api/v1/accounts/acc_000003', { city: 'Kept' });
    await app1.stop();
    const app2 = await startApp(t, { dataDir, args: ['--seed', '25'] });
    assert.match(app2.stderr(), /not seeding/);
    assert.equal((await call(app2, 'GET', '/api/v1/accounts/acc_000003')).json.city, 'Kept');
    assert.equal((await pageAll(app2, '/api/v1/accounts', 10)).length, 25);
    await app2.stop();
    await assert.rejects(startApp(t, { args: ['--rate', 'fast'] }), /invalid --rate/);
  });
});
