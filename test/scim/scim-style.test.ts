// The SCIM-style connector SCIMAPP: core User/Group, enterprise extension, lists, filters, PATCH, PUT, errors.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestHost, type TestHost } from '../helpers/test-host.ts';

const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
let t: TestHost;
const app = (path: string, init?: Parameters<TestHost['scim']>[2]) => t.scim('SCIMAPP', path, init);
const q = (filter: string, extra = '') => app(`/Users?filter=${encodeURIComponent(filter)}${extra}`);

const user = (n: string, extra: Record<string, unknown> = {}) => ({
  schemas: [USER, ENT],
  userName: `${n}@example.com`,
  name: { givenName: n, familyName: `Fam${n}` },
  emails: [{ value: `${n}@example.com`, type: 'work', primary: true }],
  phoneNumbers: [{ value: '+1 555 0100', type: 'work' }],
  active: true,
  [ENT]: { employeeNumber: `E-${n}`, department: 'Sales' },
  ...extra,
});
const ids: Record<string, string> = {};

before(async () => {
  t = await startTestHost();
  for (const n of ['alice', 'bob', 'carol', 'dave', 'eve']) {
    const r = await app('/Users', {
      method: 'POST',
      json: user(n, n === 'eve' ? { [ENT]: { employeeNumber: 'E-eve', department: 'Legal' } } : {}),
    });
    assert.equal(r.status, 201, r.text);
    ids[n] = r.body.id;
  }
});
after(async () => {
  await t.stop();
});

test('POST returns the created user with an application-assigned id, meta and the enterprise extension', async () => {
  const r = await app(`/Users/${ids.alice}`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type') ?? '', /application\/scim\+json/);
  assert.equal(r.body.userName, 'alice@example.com');
  assert.deepEqual(r.body.name, { givenName: 'alice', familyName: 'Famalice' });
  assert.equal(r.body.emails[0].value, 'alice@example.com');
  assert.equal(r.body.emails[0].type, 'work');
  assert.equal(r.body.phoneNumbers[0].value, '+1 555 0100');
  assert.equal(r.body[ENT].department, 'Sales');
  assert.ok(r.body.schemas.includes(ENT));
  assert.equal(r.body.meta.resourceType, 'User');
  assert.match(r.body.meta.version, /^W\/"\d+"$/);
});

test('list paging: startIndex, count, totalResults, itemsPerPage', async () => {
  const r = await app('/Users?startIndex=2&count=2');
  assert.equal(r.body.totalResults, 5);
  assert.equal(r.body.itemsPerPage, 2);
  assert.equal(r.body.startIndex, 2);
  assert.equal(r.body.Resources.length, 2);
  const zero = await app('/Users?count=0');
  assert.equal(zero.body.Resources.length, 0);
  assert.equal(zero.body.totalResults, 5);
});

test('filters: eq is case-insensitive on userName, co/sw/ew, and/or/not, value paths, pr, extension URN paths', async () => {
  assert.equal((await q('userName eq "ALICE@EXAMPLE.COM"')).body.totalResults, 1);
  assert.equal((await q('userName sw "b"')).body.totalResults, 1);
  assert.equal((await q('userName co "example"')).body.totalResults, 5);
  assert.equal((await q('userName ew "e@example.com"')).body.totalResults, 3); // alice, dave, eve
  assert.equal((await q('userName eq "alice@example.com" or userName eq "bob@example.com"')).body.totalResults, 2);
  assert.equal((await q('not (userName eq "alice@example.com") and active eq true')).body.totalResults, 4);
  assert.equal((await q('emails[type eq "work" and value sw "carol"]')).body.totalResults, 1);
  assert.equal((await q('name.familyName eq "Famdave"')).body.totalResults, 1);
  assert.equal((await q(`${ENT}:department eq "Legal"`)).body.totalResults, 1);
  assert.equal((await q('title pr')).body.totalResults, 0);
  assert.equal((await q(`id eq "${ids.bob}"`)).body.Resources[0].userName, 'bob@example.com');
  assert.equal((await q('USERNAME EQ "bob@example.com"')).body.totalResults, 1);
});

test('sortBy and sortOrder', async () => {
  const r = await app(`/Users?sortBy=userName&sortOrder=descending&filter=${encodeURIComponent('userName pr')}`);
  assert.deepEqual(
    r.body.Resources.map((u: { userName: string }) => u.userName[0]),
    ['e', 'd', 'c', 'b', 'a'],
  );
});

test('attributes and excludedAttributes', async () => {
  const r = await app(`/Users/${ids.bob}?attributes=userName,name.givenName`);
  assert.deepEqual(Object.keys(r.body).sort(), ['id', 'name', 'schemas', 'userName']);
  assert.deepEqual(r.body.name, { givenName: 'bob' });
  const x = await q('userName eq "bob@example.com"', '&excludedAttributes=emails,meta');
  assert.equal(x.body.Resources[0].emails, undefined);
  assert.equal(x.body.Resources[0].meta, undefined);
  assert.equal(x.body.Resources[0].userName, 'bob@example.com');
});

test('POST .search', async () => {
  const r = await app('/Users/.search', {
    method: 'POST',
    json: {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
      filter: 'userName sw "c"',
      attributes: ['userName'],
    },
  });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.totalResults, 1);
  assert.deepEqual(Object.keys(r.body.Resources[0]).sort(), ['id', 'schemas', 'userName']);
});

test('PATCH: value-filter path on an absent element creates it; manager; disable with "False"', async () => {
  const r = await app(`/Users/${ids.carol}`, {
    method: 'PATCH',
    json: {
      schemas: [PATCH],
      Operations: [
        { op: 'Add', path: 'phoneNumbers[type eq "mobile"].value', value: '+1 555 0199' },
        { op: 'Replace', path: 'emails[type eq "work"].value', value: 'carol.new@example.com' },
        { op: 'Replace', path: `${ENT}:manager`, value: ids.alice },
        { op: 'Replace', path: 'active', value: 'False' },
      ],
    },
  });
  assert.equal(r.status, 200, r.text);
  const mobile = r.body.phoneNumbers.find((p: { type: string }) => p.type === 'mobile');
  assert.equal(mobile.value, '+1 555 0199');
  assert.equal(r.body.emails[0].value, 'carol.new@example.com');
  assert.equal(r.body[ENT].manager.value, ids.alice);
  assert.equal(r.body.active, false);
  const back = await app(`/Users/${ids.carol}`);
  assert.equal(back.body.active, false);
  assert.equal(back.body[ENT].manager.value, ids.alice);
});

test('PUT replaces the user; attributes left out are cleared', async () => {
  const r = await app(`/Users/${ids.dave}`, {
    method: 'PUT',
    json: { schemas: [USER], userName: 'dave@example.com', name: { givenName: 'David' }, active: true },
  });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.name.givenName, 'David');
  assert.equal(r.body.name.familyName, undefined);
  assert.equal(r.body.emails, undefined);
  assert.equal(r.body.id, ids.dave);
});

test('uniqueness: a second user with the same userName (any case) gets 409', async () => {
  const r = await app('/Users', { method: 'POST', json: user('ALICE') });
  assert.equal(r.status, 409);
  assert.equal(r.body.scimType, 'uniqueness');
  const p = await app(`/Users/${ids.bob}`, {
    method: 'PATCH',
    json: { schemas: [PATCH], Operations: [{ op: 'replace', path: 'userName', value: 'alice@example.com' }] },
  });
  assert.equal(p.status, 409);
});

test('groups with members', async () => {
  const c = await app('/Groups', {
    method: 'POST',
    json: {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName: 'Sales',
      members: [{ value: ids.alice }, { value: ids.bob }],
    },
  });
  assert.equal(c.status, 201, c.text);
  const g = await app(`/Groups/${c.body.id}`);
  assert.deepEqual(g.body.members.map((m: { value: string }) => m.value).sort(), [ids.alice, ids.bob].sort());
  const f = await app(`/Groups?filter=${encodeURIComponent(`members[value eq "${ids.bob}"]`)}`);
  assert.equal(f.body.totalResults, 1);
  const p = await app(`/Groups/${c.body.id}`, {
    method: 'PATCH',
    json: { schemas: [PATCH], Operations: [{ op: 'replace', path: 'members', value: [{ value: ids.eve }] }] },
  });
  assert.deepEqual(
    p.body.members.map((m: { value: string }) => m.value),
    [ids.eve],
  );
});

test('errors: bad filter, bad JSON, wrong content type, unknown id, unknown path, body too large', async () => {
  const bad = await q('userName eq');
  assert.equal(bad.status, 400);
  assert.equal(bad.body.scimType, 'invalidFilter');
  const json = await app('/Users', {
    method: 'POST',
    body: '{"userName": ',
    headers: { 'Content-Type': 'application/scim+json' },
  });
  assert.equal(json.status, 400);
  assert.equal(json.body.scimType, 'invalidSyntax');
  const ct = await app('/Users', {
    method: 'POST',
    body: 'userName=x',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(ct.status, 415);
  const nf = await app('/Users/does-not-exist');
  assert.equal(nf.status, 404);
  assert.equal(nf.body.schemas[0], 'urn:ietf:params:scim:api:messages:2.0:Error');
  const path = await app(`/Users/${ids.bob}`, {
    method: 'PATCH',
    json: { schemas: [PATCH], Operations: [{ op: 'replace', path: 'noSuchAttribute', value: 'x' }] },
  });
  assert.equal(path.status, 400);
  assert.equal(path.body.scimType, 'invalidPath');
  const big = await app('/Users', { method: 'POST', json: { ...user('big'), title: 'x'.repeat(2 * 1024 * 1024) } });
  assert.equal(big.status, 413);
  assert.equal(big.body.schemas[0], 'urn:ietf:params:scim:api:messages:2.0:Error');
  assert.equal(big.headers.get('connection'), 'close', 'the unread rest of the body ends the connection');
  const still = await q('userName eq "big@example.com"');
  assert.equal(still.body.totalResults, 0, 'nothing was created by the refused request');
});

test('discovery: ServiceProviderConfig, ResourceTypes, Schemas', async () => {
  const spc = await app('/ServiceProviderConfig');
  assert.equal(spc.body.patch.supported, true);
  assert.equal(spc.body.filter.supported, true);
  assert.equal(spc.body.authenticationSchemes[0].type, 'oauthbearertoken');
  const rt = await app('/ResourceTypes');
  assert.deepEqual(rt.body.Resources.map((r: { name: string }) => r.name).sort(), ['Group', 'User']);
  const u = rt.body.Resources.find((r: { name: string }) => r.name === 'User');
  assert.equal(u.endpoint, '/Users');
  assert.ok(u.schemaExtensions.some((e: { schema: string }) => e.schema === ENT));
  const one = await app(`/Schemas/${USER}`);
  assert.equal(one.status, 200);
  assert.ok(one.body.attributes.some((a: { name: string }) => a.name === 'userName'));
});

test('a password in a PATCH is set in the application and never stored or returned', async () => {
  const r = await app(`/Users/${ids.eve}`, {
    method: 'PATCH',
    json: { schemas: [PATCH], Operations: [{ op: 'replace', path: 'password', value: 'N3w-Secret-Pass!' }] },
  });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.password, undefined);
  const conn = t.host.connector('SCIMAPP')!.connector as unknown as {
    checkPassword(type: string, anchor: string, pw: string): Promise<boolean>;
  };
  assert.equal(await conn.checkPassword('User', ids.eve, 'N3w-Secret-Pass!'), true);
  assert.ok(!t.logs().includes('N3w-Secret-Pass!'));
});
