// Every request shape Microsoft Entra sends to an "On-premises ECMA app", byte for byte, against APP1.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestHost, type TestHost } from '../helpers/test-host.ts';

const EXT = 'urn:ietf:params:scim:schemas:extension:ECMA2Host:2.0:User';
const GEXT = 'urn:ietf:params:scim:schemas:extension:ECMA2Host:2.0:Group';
let t: TestHost;
const app1 = (path: string, init?: Parameters<TestHost['scim']>[2]) => t.scim('APP1', path, init);

before(async () => {
  t = await startTestHost();
});
after(async () => {
  await t.stop();
});

const entraCreate = (userName: string) => ({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', EXT],
  active: true,
  [EXT]: {
    userName,
    firstName: 'Ada',
    lastName: 'Lovelace',
    email: `${userName.toLowerCase()}@contoso.com`,
    department: 'R&D',
    city: 'London',
    expirationTime: '9999-12-31',
    export_password: 'Pass@w0rd1',
  },
});

test('start of cycle: a filter on a random GUID gets 200 and an empty ListResponse', async () => {
  const r = await app1(`/Users?filter=${encodeURIComponent('userName eq "b2b6e4a2-5c2f-4f3e-9d7c-1a2b3c4d5e6f"')}`);
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.schemas, ['urn:ietf:params:scim:api:messages:2.0:ListResponse']);
  assert.equal(r.body.totalResults, 0);
  assert.deepEqual(r.body.Resources, []);
  const q = await app1(
    `/Users?filter=${encodeURIComponent(`${EXT}:userName eq "0f8fad5b-d9cb-469f-a165-70867728950e"`)}`,
  );
  assert.equal(q.status, 200);
  assert.equal(q.body.totalResults, 0);
});

test('create with the extension object; id derived from the anchor; matching by extension URN filter', async () => {
  const r = await app1('/Users', { method: 'POST', json: entraCreate('ADA') });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.id, 'ADA');
  assert.match(r.body.meta.location, /\/connectors\/APP1\/scim\/Users\/ADA$/);
  assert.equal(r.headers.get('location'), r.body.meta.location);
  assert.equal(r.body[EXT].city, 'London');
  assert.equal(r.body[EXT].export_password, undefined, 'export_password is never returned');
  assert.equal(r.body.active, true);
  const f = await app1(`/Users?filter=${encodeURIComponent(`${EXT}:userName eq "ADA"`)}`);
  assert.equal(f.body.totalResults, 1);
  assert.equal(f.body.Resources[0].id, 'ADA');
  const g = await app1('/Users/ADA');
  assert.equal(g.status, 200);
  assert.equal(g.body[EXT].lastName, 'Lovelace');
  assert.ok(!t.logs().includes('Pass@w0rd1'), 'the password never reaches a log');
});

test('PATCH with capitalised ops, extension URN paths and active as the string "False"', async () => {
  await app1('/Users', { method: 'POST', json: entraCreate('BOB') });
  const r = await app1('/Users/BOB', {
    method: 'PATCH',
    json: {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [
        { op: 'Replace', path: `${EXT}:city`, value: 'Paris' },
        { op: 'Add', path: `${EXT}:jobTitle`, value: 'Engineer' },
        { op: 'Remove', path: `${EXT}:department` },
        { op: 'Replace', path: 'active', value: 'False' },
      ],
    },
  });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body[EXT].city, 'Paris');
  assert.equal(r.body[EXT].jobTitle, 'Engineer');
  assert.equal(r.body[EXT].department, undefined);
  assert.equal(r.body.active, false);
  assert.equal(r.body[EXT].isActive, false, 'disable flow "set" copies active into isActive');
  const again = await app1('/Users/BOB');
  assert.equal(again.body.active, false);
});

test('replace without a path whose value is an object of paths', async () => {
  await app1('/Users', { method: 'POST', json: entraCreate('CAROL') });
  const r = await app1('/Users/CAROL', {
    method: 'PATCH',
    json: {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [
        {
          op: 'Replace',
          value: { [`${EXT}:city`]: 'Berlin', [`${EXT}:telephoneNumber`]: '+49 30 1234', active: 'True' },
        },
      ],
    },
  });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body[EXT].city, 'Berlin');
  assert.equal(r.body[EXT].telephoneNumber, '+49 30 1234');
  assert.equal(r.body.active, true);
});

test('roles sent as a JSON string inside value; manager as a reference', async () => {
  await app1('/Users', { method: 'POST', json: entraCreate('DAN') });
  const r = await app1('/Users/DAN', {
    method: 'PATCH',
    json: {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [
        { op: 'Add', path: `${EXT}:roles`, value: '["Admin","Reader"]' },
        { op: 'Replace', path: `${EXT}:manager`, value: 'ADA' },
      ],
    },
  });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual([...r.body[EXT].roles].sort(), ['Admin', 'Reader']);
  assert.equal(r.body[EXT].manager, 'ADA');
});

test('delete: 204, then 404 with a SCIM error body', async () => {
  await app1('/Users', { method: 'POST', json: entraCreate('ERIN') });
  const d = await app1('/Users/ERIN', { method: 'DELETE' });
  assert.equal(d.status, 204);
  const g = await app1('/Users/ERIN');
  assert.equal(g.status, 404);
  assert.deepEqual(g.body.schemas, ['urn:ietf:params:scim:api:messages:2.0:Error']);
  assert.equal(g.body.status, '404');
});

test('duplicate anchor: 409 uniqueness', async () => {
  await app1('/Users', { method: 'POST', json: entraCreate('FRED') });
  const r = await app1('/Users', { method: 'POST', json: entraCreate('FRED') });
  assert.equal(r.status, 409);
  assert.equal(r.body.scimType, 'uniqueness');
});

test('groups: create without members, filter with excludedAttributes=members, member add and both removal forms', async () => {
  for (const u of ['GM1', 'GM2', 'GM3']) await app1('/Users', { method: 'POST', json: entraCreate(u) });
  const c = await app1('/Groups', {
    method: 'POST',
    json: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Engineers', externalId: 'eng' },
  });
  assert.equal(c.status, 201, c.text);
  const id = c.body.id;
  assert.equal(id, 'Engineers');
  const f = await app1(`/Groups?excludedAttributes=members&filter=${encodeURIComponent('displayName eq "Engineers"')}`);
  assert.equal(f.body.totalResults, 1);
  assert.equal(f.body.Resources[0].members, undefined);
  const add = await app1(`/Groups/${id}`, {
    method: 'PATCH',
    json: {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'Add', path: 'members', value: [{ value: 'GM1' }, { value: 'GM2' }, { value: 'GM3' }] }],
    },
  });
  assert.ok(add.status === 200 || add.status === 204, add.text);
  let g = await app1(`/Groups/${id}`);
  assert.deepEqual(g.body.members.map((m: { value: string }) => m.value).sort(), ['GM1', 'GM2', 'GM3']);
  await app1(`/Groups/${id}`, {
    method: 'PATCH',
    json: {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'Remove', path: 'members', value: [{ value: 'GM1' }] }],
    },
  });
  await app1(`/Groups/${id}`, {
    method: 'PATCH',
    json: {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'Remove', path: 'members[value eq "GM2"]' }],
    },
  });
  g = await app1(`/Groups/${id}`);
  assert.deepEqual(
    g.body.members.map((m: { value: string }) => m.value),
    ['GM3'],
  );
  assert.equal(g.body[GEXT].members.length, 1);
  // Roles come as JSON text; members do not: text of bare ids is refused, never split into member ids.
  const text = await app1(`/Groups/${id}`, {
    method: 'PATCH',
    json: {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'Add', path: 'members', value: '["GM1","GM2"]' }],
    },
  });
  assert.equal(text.status, 400, text.text);
  assert.equal(text.body.scimType, 'invalidValue');
  g = await app1(`/Groups/${id}`);
  assert.deepEqual(
    g.body.members.map((m: { value: string }) => m.value),
    ['GM3'],
  );
});

test('/Schemas lists exactly the selected attributes of the ECMA extension, with types', async () => {
  const r = await app1('/Schemas');
  assert.equal(r.status, 200);
  const ext = r.body.Resources.find((s: { id: string }) => s.id === EXT);
  assert.ok(ext, 'ECMA2Host User extension listed');
  const names = ext.attributes.map((a: { name: string }) => a.name).sort();
  assert.deepEqual(
    names,
    [
      'city',
      'company',
      'department',
      'email',
      'expirationTime',
      'export_password',
      'firstName',
      'isActive',
      'jobTitle',
      'lastName',
      'manager',
      'roles',
      'telephoneNumber',
      'userName',
    ].sort(),
  );
  const byName = Object.fromEntries(ext.attributes.map((a: { name: string }) => [a.name, a]));
  assert.equal(byName.expirationTime.type, 'dateTime');
  assert.equal(byName.isActive.type, 'boolean');
  assert.equal(byName.manager.type, 'reference');
  assert.equal(byName.roles.multiValued, true);
  assert.equal(byName.userName.required, true);
  assert.equal(byName.export_password.mutability, 'writeOnly');
  assert.equal(byName.export_password.returned, 'never');
});
