// RFC 7644 §3.5.1: PUT replaces the resource, so a body without a required attribute is 400 invalidValue.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestHost, type TestHost } from '../helpers/test-host.ts';

const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
let t: TestHost;
before(async () => {
  t = await startTestHost();
});
after(() => t?.stop());

test('PUT without userName (misspelled "userame") is 400 invalidValue and changes nothing', async () => {
  const made = await t.scim('SCIMAPP', '/Users', {
    method: 'POST',
    json: { schemas: [CORE], userName: 'put@example.com', name: { givenName: 'Put' } },
  });
  assert.equal(made.status, 201, made.text);
  const r = await t.scim('SCIMAPP', `/Users/${made.body.id}`, {
    method: 'PUT',
    json: { schemas: [CORE], userame: 'put@example.com', name: { givenName: 'Changed' } },
  });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.scimType, 'invalidValue');
  assert.match(r.body.detail, /userName/);
  const now = await t.scim('SCIMAPP', `/Users/${made.body.id}`);
  assert.equal(now.body.userName, 'put@example.com');
  assert.equal(now.body.name.givenName, 'Put');
});

test('PUT with userName still replaces', async () => {
  const made = await t.scim('SCIMAPP', '/Users', {
    method: 'POST',
    json: { schemas: [CORE], userName: 'p2@example.com' },
  });
  const r = await t.scim('SCIMAPP', `/Users/${made.body.id}`, {
    method: 'PUT',
    json: { schemas: [CORE], userName: 'p2@example.com', name: { givenName: 'New' } },
  });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.name.givenName, 'New');
});
