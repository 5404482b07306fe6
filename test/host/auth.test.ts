// Bearer tokens: missing, wrong, another connector's; the 401 body; tokens never logged.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestHost, TOKEN, type TestHost } from '../helpers/test-host.ts';

let t: TestHost;
const OTHER = 'other-connector-token-42';

before(async () => {
  t = await startTestHost({
    mutate: (c) => {
      c.connectors[1].secretToken = OTHER; // SCIMAPP gets a token of its own
    },
  });
});
after(async () => {
  await t.stop();
});

test('missing token: 401 with a SCIM error body and WWW-Authenticate', async () => {
  const r = await t.scim('APP1', '/Users', { token: null });
  assert.equal(r.status, 401);
  assert.deepEqual(r.body.schemas, ['urn:ietf:params:scim:api:messages:2.0:Error']);
  assert.equal(r.body.status, '401');
  assert.ok(r.body.detail);
  assert.match(r.headers.get('www-authenticate') ?? '', /Bearer/);
});

test('wrong token and a token of another scheme are refused', async () => {
  assert.equal((await t.scim('APP1', '/Users', { token: 'wrong-token-123456789' })).status, 401);
  const basic = await fetch(`${t.host.baseUrl}/connectors/APP1/scim/Users`, {
    headers: { Authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}` },
  });
  assert.equal(basic.status, 401);
});

test("one connector's token never opens another", async () => {
  assert.equal((await t.scim('SCIMAPP', '/Users', { token: TOKEN })).status, 401);
  assert.equal((await t.scim('APP1', '/Users', { token: OTHER })).status, 401);
  assert.equal((await t.scim('SCIMAPP', '/Users', { token: OTHER })).status, 200);
  assert.equal((await t.scim('APP1', '/Users')).status, 200);
});

test('both URL styles serve the connector; the connector name is case-sensitive', async () => {
  const a = await fetch(`${t.host.baseUrl}/ecma2host_APP1/scim/Users`, {
    headers: { Authorization: `Bearer ${TOKEN}` },
  });
  assert.equal(a.status, 200);
  const b = await fetch(`${t.host.baseUrl}/ecma2host_app1/scim/Users`, {
    headers: { Authorization: `Bearer ${TOKEN}` },
  });
  assert.equal(b.status, 404);
});

test('tokens never appear in the logs', async () => {
  await t.scim('APP1', '/Users', { token: 'a-wrong-token-that-must-not-be-logged' });
  const logs = t.logs();
  assert.ok(logs.length > 0);
  assert.ok(!logs.includes(TOKEN));
  assert.ok(!logs.includes(OTHER));
  assert.ok(!logs.includes('a-wrong-token-that-must-not-be-logged'));
});
