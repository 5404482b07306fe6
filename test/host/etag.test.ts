// ETags (RFC 7644 §3.14): a resource's version as ETag; If-None-Match on GET, If-Match on PUT, PATCH and DELETE,
// checked under the object's lock so that a write based on a stale read never lands.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestHost } from '../helpers/test-host.ts';
import { loadRfcSample } from '../../src/test-support/rfc-samples.ts';

const user = (userName: string) => ({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
  userName,
  displayName: 'Before',
  active: true,
});
const rename = (displayName: string) => ({
  schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
  Operations: [{ op: 'replace', path: 'displayName', value: displayName }],
});

test('ETag: every single resource carries its version; If-None-Match answers 304', async () => {
  const t = await startTestHost();
  try {
    const config = await t.scim('SCIMAPP', '/ServiceProviderConfig');
    assert.equal(config.body.etag.supported, true);

    const created = await t.scim('SCIMAPP', '/Users', { method: 'POST', json: user('etag.one@example.com') });
    assert.equal(created.status, 201);
    const etag = created.headers.get('etag');
    assert.equal(etag, created.body.meta.version, 'the header is meta.version');
    assert.match(etag!, /^W\/"\d+"$/);

    const path = `/Users/${created.body.id}`;
    const got = await t.scim('SCIMAPP', path);
    assert.equal(got.headers.get('etag'), etag);
    const cached = await t.scim('SCIMAPP', path, { headers: { 'If-None-Match': etag! } });
    assert.equal(cached.status, 304);
    assert.equal(cached.text, '');
    assert.equal(cached.headers.get('etag'), etag);
    assert.equal((await t.scim('SCIMAPP', path, { headers: { 'If-None-Match': 'W/"999", "nope"' } })).status, 200);
    // Projection does not change the version.
    assert.equal((await t.scim('SCIMAPP', `${path}?attributes=userName`)).headers.get('etag'), etag);
  } finally {
    await t.stop();
  }
});

test('If-Match: a stale version gets 412 invalidVers and changes nothing; the current one (or *) goes through', async () => {
  const t = await startTestHost();
  try {
    const created = await t.scim('SCIMAPP', '/Users', { method: 'POST', json: user('etag.two@example.com') });
    const path = `/Users/${created.body.id}`;
    const v1 = created.headers.get('etag')!;

    const patched = await t.scim('SCIMAPP', path, {
      method: 'PATCH',
      json: rename('After'),
      headers: { 'If-Match': v1 },
    });
    assert.equal(patched.status, 200, patched.text);
    const v2 = patched.headers.get('etag')!;
    assert.notEqual(v2, v1, 'a change gives a new version');
    assert.equal(patched.body.meta.version, v2);

    // Writes based on the first read: all refused, none applied.
    for (const [method, json] of [
      ['PATCH', rename('Lost update')],
      ['PUT', { ...user('etag.two@example.com'), displayName: 'Lost update' }],
      ['DELETE', undefined],
    ] as const) {
      const r = await t.scim('SCIMAPP', path, { method, json, headers: { 'If-Match': v1 } });
      assert.equal(r.status, 412, `${method}: ${r.text}`);
      assert.equal(r.body.scimType, 'invalidVers');
      assert.match(r.body.detail, /read it again/);
    }
    const now = await t.scim('SCIMAPP', path);
    assert.equal(now.body.displayName, 'After');
    assert.equal(now.headers.get('etag'), v2);

    const put = await t.scim('SCIMAPP', path, {
      method: 'PUT',
      json: { ...user('etag.two@example.com'), displayName: 'Put' },
      headers: { 'If-Match': `"x", ${v2}` },
    });
    assert.equal(put.status, 200, put.text);
    assert.equal((await t.scim('SCIMAPP', path, { method: 'DELETE', headers: { 'If-Match': '*' } })).status, 204);
    assert.equal((await t.scim('SCIMAPP', path)).status, 404);
  } finally {
    await t.stop();
  }
});

test('RFC 7644 §3.14: the example create is answered with its version as ETag and in meta', async () => {
  const t = await startTestHost();
  try {
    const sample = loadRfcSample('rfc7644-3.14-user-post_request.json');
    const r = await t.scim('SCIMAPP', '/Users', { method: 'POST', json: sample });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.headers.get('etag'), r.body.meta.version);
    assert.equal(
      (await t.scim('SCIMAPP', `/Users/${r.body.id}`, { headers: { 'If-None-Match': r.body.meta.version } })).status,
      304,
    );
  } finally {
    await t.stop();
  }
});
