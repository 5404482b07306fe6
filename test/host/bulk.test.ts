// POST /Bulk (RFC 7644 §3.7) on a real host: the RFC examples, bulkId references (forward and circular),
// failOnErrors, per-operation errors and the limits.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestHost, type TestHost } from '../helpers/test-host.ts';
import { loadRfcSample } from '../../src/test-support/rfc-samples.ts';

const BULK_REQUEST = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
const BULK_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:BulkResponse';
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

type Entry = {
  method: string;
  bulkId?: string;
  location?: string;
  version?: string;
  status: string;
  response?: Record<string, string>;
};

let t: TestHost;
before(async () => {
  t = await startTestHost();
});
after(async () => {
  await t.stop();
});

const user = (userName: string, extra: Record<string, unknown> = {}) => ({ schemas: [USER], userName, ...extra });
const bulk = (json: unknown) => t.scim('SCIMAPP', '/Bulk', { method: 'POST', json });
const request = (Operations: unknown[], extra: Record<string, unknown> = {}) =>
  bulk({ schemas: [BULK_REQUEST], ...extra, Operations });
/** The entries of a 200 BulkResponse. */
const entries = (r: { status: number; body: { schemas: string[]; Operations: Entry[] }; text: string }): Entry[] => {
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.schemas, [BULK_RESPONSE]);
  return r.body.Operations;
};
const idOf = (location: string | undefined) => location!.slice(location!.lastIndexOf('/') + 1);
const create = async (path: string, json: unknown) => {
  const r = await t.scim('SCIMAPP', path, { method: 'POST', json });
  assert.equal(r.status, 201, r.text);
  return { id: r.body.id as string, version: r.headers.get('etag')! };
};
/** Deletes the users of these names: the RFC samples reuse names (Alice, Bob), so each sample test starts clean. */
const clearUsers = async (...names: string[]) => {
  for (const n of names) {
    const found = await t.scim('SCIMAPP', `/Users?filter=${encodeURIComponent(`userName eq "${n}"`)}`);
    for (const r of found.body.Resources as { id: string }[])
      assert.equal((await t.scim('SCIMAPP', `/Users/${r.id}`, { method: 'DELETE' })).status, 204);
  }
};
const countUsers = async (userName: string) =>
  (await t.scim('SCIMAPP', `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`)).body
    .totalResults as number;

test('ServiceProviderConfig advertises bulk with its limits', async () => {
  const spc = await t.scim('SCIMAPP', '/ServiceProviderConfig');
  assert.deepEqual(spc.body.bulk, {
    supported: true,
    maxOperations: 1000,
    maxPayloadSize: t.config.host.bodyLimitBytes,
  });
});

test('RFC 7644 §3.7.2 temporary identifiers: the group member is the id of the user created in the same request', async () => {
  await clearUsers('Alice');
  const sample = loadRfcSample('rfc7644-3.7.2-bulk_request-temporary_identifier.json');
  const expected = loadRfcSample('rfc7644-3.7.2-bulk_response-temporary_identifier.json').Operations as Entry[];
  const ops = entries(await bulk(sample));
  assert.equal(ops.length, expected.length);
  ops.forEach((op, i) => {
    assert.deepEqual(Object.keys(op).sort(), Object.keys(expected[i]).sort(), `entry ${i} has the RFC's members`);
    assert.equal(op.method, expected[i].method);
    assert.equal(op.bulkId, expected[i].bulkId);
    assert.equal(op.status, '201');
  });
  assert.match(ops[0].location!, /\/connectors\/SCIMAPP\/scim\/Users\/[^/]+$/);
  assert.match(ops[1].location!, /\/connectors\/SCIMAPP\/scim\/Groups\/[^/]+$/);
  const alice = await t.scim('SCIMAPP', `/Users/${idOf(ops[0].location)}`);
  assert.equal(alice.body.userName, 'Alice');
  assert.equal(alice.headers.get('etag'), ops[0].version);
  const group = await t.scim('SCIMAPP', `/Groups/${idOf(ops[1].location)}`);
  assert.equal(group.body.displayName, 'Tour Guides');
  assert.equal(group.headers.get('etag'), ops[1].version);
  assert.deepEqual(
    group.body.members.map((m: { value: string }) => m.value),
    [alice.body.id],
  );
});

test('RFC 7644 §3.7.2 enterprise user: a manager given as bulkId is the created user', async () => {
  await clearUsers('Alice', 'Bob');
  const ops = entries(await bulk(loadRfcSample('rfc7644-3.7.2-bulk_request-enterprise_user.json')));
  assert.deepEqual(
    ops.map((o) => o.status),
    ['201', '201'],
  );
  const bob = await t.scim('SCIMAPP', `/Users/${idOf(ops[1].location)}`);
  assert.equal(bob.body.userName, 'Bob');
  assert.equal(bob.body[ENT].manager.value, idOf(ops[0].location));
});

test('RFC 7644 §3.7.3 multiple operations: POST, PUT, PATCH and DELETE with versions', async () => {
  await clearUsers('Alice', 'Bob', 'Dave');
  const put = await create('/Users', user('multi.put'));
  const patch = await create('/Users', user('multi.patch', { displayName: 'Nick' }));
  const del = await create('/Users', user('multi.delete'));
  const sample = loadRfcSample('rfc7644-3.7.3-bulk_request-multiple_operations.json');
  const expected = loadRfcSample('rfc7644-3.7.3-bulk_response-multiple_operations.json').Operations as Entry[];
  // The sample's ids and versions are the RFC's; give it ours.
  const real = [undefined, put, patch, del];
  const ops = (sample.Operations as { path: string; version?: string }[]).map((op, i) =>
    real[i] ? { ...op, path: op.path.replace(/[^/]+$/, real[i]!.id), version: real[i]!.version } : op,
  );
  const got = entries(await bulk({ ...sample, Operations: ops }));
  assert.equal(got.length, expected.length);
  got.forEach((op, i) => {
    assert.equal(op.method, expected[i].method);
    assert.equal(op.status, expected[i].status, JSON.stringify(op));
    assert.deepEqual(Object.keys(op).sort(), Object.keys(expected[i]).sort(), `entry ${i} has the RFC's members`);
    if (real[i]) assert.equal(idOf(op.location), real[i]!.id);
  });
  const alice = await t.scim('SCIMAPP', `/Users/${idOf(got[0].location)}`);
  assert.equal(alice.body.userName, 'Alice');
  const bob = await t.scim('SCIMAPP', `/Users/${put.id}`);
  assert.equal(bob.body.userName, 'Bob');
  assert.equal(bob.headers.get('etag'), got[1].version);
  assert.notEqual(got[1].version, put.version);
  const dave = await t.scim('SCIMAPP', `/Users/${patch.id}`);
  assert.equal(dave.body.userName, 'Dave');
  assert.equal(dave.headers.get('etag'), got[2].version);
  assert.equal((await t.scim('SCIMAPP', `/Users/${del.id}`)).status, 404);
});

test('a forward reference: operations referring to a later POST run after it, entries stay in request order', async () => {
  const ops = entries(
    await request([
      {
        method: 'PATCH',
        path: '/Users/bulkId:later',
        data: { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'displayName', value: 'Patched' }] },
      },
      {
        method: 'POST',
        path: '/Groups',
        bulkId: 'g',
        data: { schemas: [GROUP], displayName: 'forward group', members: [{ value: 'bulkId:later' }] },
      },
      { method: 'post', path: '/Users', bulkId: 'later', data: user('forward.user') },
    ]),
  );
  assert.deepEqual(
    ops.map((o) => [o.method, o.status]),
    [
      ['PATCH', '200'],
      ['POST', '201'],
      ['POST', '201'],
    ],
    JSON.stringify(ops),
  );
  assert.equal(ops[0].bulkId, undefined);
  assert.equal(ops[2].bulkId, 'later');
  const userId = idOf(ops[2].location);
  assert.equal(ops[0].location, ops[2].location, 'the PATCH targeted the created user');
  const u = await t.scim('SCIMAPP', `/Users/${userId}`);
  assert.equal(u.body.displayName, 'Patched');
  assert.equal(u.headers.get('etag'), ops[0].version, 'the PATCH ran last');
  const g = await t.scim('SCIMAPP', `/Groups/${idOf(ops[1].location)}`);
  assert.deepEqual(
    g.body.members.map((m: { value: string }) => m.value),
    [userId],
  );
});

test('RFC 7644 §3.7.1 circular references: both groups are created, each a member of the other', async () => {
  const ops = entries(await bulk(loadRfcSample('rfc7644-3.7.1-bulk_request-circular_conflict.json')));
  assert.deepEqual(
    ops.map((o) => [o.bulkId, o.status]),
    [
      ['qwerty', '201'],
      ['ytrewq', '201'],
    ],
    JSON.stringify(ops),
  );
  const a = await t.scim('SCIMAPP', `/Groups/${idOf(ops[0].location)}`);
  const b = await t.scim('SCIMAPP', `/Groups/${idOf(ops[1].location)}`);
  assert.equal(a.body.displayName, 'Group A');
  assert.deepEqual(
    a.body.members.map((m: { value: string }) => m.value),
    [b.body.id],
  );
  assert.deepEqual(
    b.body.members.map((m: { value: string }) => m.value),
    [a.body.id],
  );
  // Each entry carries the final version (B was completed after A was created).
  assert.equal(a.headers.get('etag'), ops[0].version);
  assert.equal(b.headers.get('etag'), ops[1].version);
});

test('a self reference is added once the resource exists', async () => {
  const ops = entries(
    await request([
      {
        method: 'POST',
        path: '/Users',
        bulkId: 'me',
        data: user('self.ref', { [ENT]: { manager: { value: 'bulkId:me' } } }),
      },
    ]),
  );
  assert.equal(ops[0].status, '201', JSON.stringify(ops));
  const u = await t.scim('SCIMAPP', `/Users/${idOf(ops[0].location)}`);
  assert.equal(u.body[ENT].manager.value, u.body.id);
  assert.equal(u.headers.get('etag'), ops[0].version);
});

test('a circular reference whose other POST fails: the created resource lacks the reference, and its entry says so (409)', async () => {
  await create('/Groups', { schemas: [GROUP], displayName: 'taken group' });
  const ops = entries(
    await request([
      {
        method: 'POST',
        path: '/Groups',
        bulkId: 'a',
        data: { schemas: [GROUP], displayName: 'taken group', members: [{ value: 'bulkId:b' }] },
      },
      {
        method: 'POST',
        path: '/Groups',
        bulkId: 'b',
        data: { schemas: [GROUP], displayName: 'cycle b', members: [{ value: 'bulkId:a' }] },
      },
    ]),
  );
  assert.equal(ops[0].status, '409');
  assert.equal(ops[0].response!.scimType, 'uniqueness');
  assert.equal(ops[1].status, '409');
  assert.match(ops[1].response!.detail, /circular reference to bulkId "a".*POST \(Operations\[0\]\) failed/);
  assert.ok(ops[1].location, 'the resource exists: its location is given');
  const b = await t.scim('SCIMAPP', `/Groups/${idOf(ops[1].location)}`);
  assert.equal(b.body.displayName, 'cycle b');
  assert.equal(b.body.members, undefined);
});

test('a circular reference left open when failOnErrors stops the request: the created resource says so (409)', async () => {
  const ops = entries(
    await request(
      [
        {
          method: 'POST',
          path: '/Groups',
          bulkId: 'a',
          data: { schemas: [GROUP], displayName: 'open a', members: [{ value: 'bulkId:b' }, { value: 'bulkId:c' }] },
        },
        {
          method: 'POST',
          path: '/Groups',
          bulkId: 'b',
          data: { schemas: [GROUP], displayName: 'open b', members: [{ value: 'bulkId:a' }] },
        },
        { method: 'POST', path: '/Nowhere', bulkId: 'c', data: {} },
      ],
      { failOnErrors: 1 },
    ),
  );
  // a waited for b and c; c failed, so a never ran and is not listed.
  assert.deepEqual(
    ops.map((o) => [o.bulkId, o.status]),
    [
      ['b', '409'],
      ['c', '404'],
    ],
    JSON.stringify(ops),
  );
  assert.match(ops[0].response!.detail, /circular reference to bulkId "a".*stopped/);
  const b = await t.scim('SCIMAPP', `/Groups/${idOf(ops[0].location)}`);
  assert.equal(b.body.displayName, 'open b');
  assert.equal(
    (await t.scim('SCIMAPP', `/Groups?filter=${encodeURIComponent('displayName eq "open a"')}`)).body.totalResults,
    0,
  );
});

test('failOnErrors: 1 stops after the first failure; later operations are neither run nor listed', async () => {
  const ops = entries(
    await request(
      [
        { method: 'POST', path: '/Users', bulkId: 'f1', data: user('foe.one') },
        { method: 'POST', path: '/Users', data: user('foe.two') },
        { method: 'POST', path: '/Users', bulkId: 'f3', data: user('foe.three') },
      ],
      { failOnErrors: 1 },
    ),
  );
  assert.deepEqual(
    ops.map((o) => o.status),
    ['201', '400'],
  );
  assert.equal(await countUsers('foe.one'), 1);
  assert.equal(await countUsers('foe.three'), 0);
  // Without failOnErrors, every operation runs.
  const all = entries(
    await request([
      { method: 'POST', path: '/Users', data: user('foe.four') },
      { method: 'POST', path: '/Users', bulkId: 'f5', data: user('foe.five') },
    ]),
  );
  assert.deepEqual(
    all.map((o) => o.status),
    ['400', '201'],
  );
  const bad = await request([], { failOnErrors: 0 });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.scimType, 'invalidSyntax');
});

test('a malformed bulk request is refused whole with 400 invalidSyntax', async () => {
  for (const body of [
    { Operations: [] },
    { schemas: [BULK_REQUEST] },
    { schemas: [PATCH_OP], Operations: [] },
    { schemas: [BULK_REQUEST], Operations: {} },
  ]) {
    const r = await bulk(body);
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.equal(r.body.scimType, 'invalidSyntax');
    assert.deepEqual(r.body.schemas, ['urn:ietf:params:scim:api:messages:2.0:Error']);
  }
  assert.deepEqual(entries(await request([])), []);
});

test('RFC 7644 §3.7.3 error responses: stale versions give 412, a missing resource 404, a bad body 400, shaped as the RFC shows', async () => {
  await clearUsers('Alice', 'Bob', 'Dave');
  const put = await create('/Users', user('errors.put'));
  const patch = await create('/Users', user('errors.patch'));
  const sample = loadRfcSample('rfc7644-3.7.3-bulk_request-multiple_operations.json');
  const expected = loadRfcSample('rfc7644-3.7.3-bulk_response-multiple_errors.json').Operations as Entry[];
  // The RFC's versions are stale for our users; the DELETE's id does not exist; the POST's data is not a resource.
  const real = [undefined, put.id, patch.id, undefined];
  const ops = (sample.Operations as { path: string; data?: unknown }[]).map((op, i) =>
    i === 0 ? { ...op, data: 'not a resource' } : real[i] ? { ...op, path: op.path.replace(/[^/]+$/, real[i]!) } : op,
  );
  const got = entries(await bulk({ schemas: sample.schemas, Operations: ops }));
  assert.equal(got.length, expected.length);
  got.forEach((op, i) => {
    assert.equal(op.method, expected[i].method);
    assert.equal(op.status, expected[i].status, JSON.stringify(op));
    assert.deepEqual(Object.keys(op).sort(), Object.keys(expected[i]).sort(), `entry ${i} has the RFC's members`);
  });
  // The RFC's 412s carry no scimType; RFC 7644 §3.12 names invalidVers for them, as the single endpoints answer.
  assert.deepEqual(
    got.map((o) => o.response!.scimType),
    ['invalidSyntax', 'invalidVers', 'invalidVers', undefined],
  );
  assert.equal(idOf(got[3].location), 'e9025315-6bea-44e1-899c-1e07454e468b');
  assert.equal((await t.scim('SCIMAPP', `/Users/${put.id}`)).body.userName, 'errors.put');
  assert.equal((await t.scim('SCIMAPP', `/Users/${patch.id}`)).body.userName, 'errors.patch');
  assert.equal(await countUsers('Alice'), 0);
  const syntax = loadRfcSample('rfc7644-3.7.3-bulk_response-error_invalid_syntax.json').Operations as Entry[];
  assert.deepEqual(Object.keys(got[0]).sort(), Object.keys(syntax[0]).sort());
  assert.deepEqual(Object.keys(got[0].response!).sort(), Object.keys(syntax[0].response!).sort());
});

test('per-operation errors: each fails alone, with its SCIM error, and the others run', async () => {
  await create('/Users', user('dup.user'));
  const ops = entries(
    await request([
      { method: 'GET', path: '/Users' },
      { method: 'POST', path: '/Widgets', bulkId: 'w', data: {} },
      { method: 'DELETE', path: '/Users/a/b' },
      { method: 'POST', path: '/Users', data: user('no.bulkid') },
      { method: 'POST', path: '/Users', bulkId: 'dup', data: user('dup.user') },
      { method: 'PUT', path: '/Users', data: user('put.type') },
      { method: 'PATCH', path: '/Users/bulkId:nowhere', data: { Operations: [] } },
      {
        method: 'POST',
        path: '/Groups',
        bulkId: 'refdup',
        data: { schemas: [GROUP], displayName: 'refers to failed', members: [{ value: 'bulkId:dup' }] },
      },
      { method: 'POST', path: '/Users/bulkId:self', bulkId: 'self', data: user('post.resource') },
      { method: 'POST', path: '/Users', bulkId: 'ok', data: user('after.errors') },
    ]),
  );
  const summary = ops.map((o) => [o.method, o.status, o.response?.scimType]);
  assert.deepEqual(
    summary,
    [
      ['GET', '400', 'invalidSyntax'],
      ['POST', '404', undefined],
      ['DELETE', '404', undefined],
      ['POST', '400', 'invalidSyntax'],
      ['POST', '409', 'uniqueness'],
      ['PUT', '400', 'invalidSyntax'],
      ['PATCH', '409', 'invalidValue'],
      ['POST', '409', 'invalidValue'],
      ['POST', '400', 'invalidSyntax'],
      ['POST', '201', undefined],
    ],
    JSON.stringify(ops, null, 1),
  );
  for (const o of ops.slice(0, -1)) {
    assert.deepEqual(o.response!.schemas, ['urn:ietf:params:scim:api:messages:2.0:Error']);
    assert.equal(o.response!.status, o.status);
  }
  assert.match(ops[3].response!.detail, /bulkId/);
  assert.match(ops[6].response!.detail, /bulkId "nowhere" is not defined/);
  assert.match(ops[7].response!.detail, /bulkId "dup" has no resource/);
  assert.equal(await countUsers('dup.user'), 1);
  assert.match(ops[8].response!.detail, /POST targets a resource type endpoint/);
  assert.equal(await countUsers('after.errors'), 1);
  assert.equal(await countUsers('post.resource'), 0);
  assert.equal(
    (await t.scim('SCIMAPP', `/Groups?filter=${encodeURIComponent('displayName eq "refers to failed"')}`)).body
      .totalResults,
    0,
  );
});

test('version: a stale ETag fails that operation with 412 and changes nothing', async () => {
  const u = await create('/Users', user('bulk.version', { displayName: 'First' }));
  const path = `/Users/${u.id}`;
  const patched = await t.scim('SCIMAPP', path, {
    method: 'PATCH',
    json: { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'displayName', value: 'Second' }] },
  });
  const current = patched.headers.get('etag')!;
  assert.notEqual(current, u.version);
  const ops = entries(
    await request([
      {
        method: 'PATCH',
        path,
        version: u.version,
        data: { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'displayName', value: 'Lost' }] },
      },
      { method: 'PUT', path, version: u.version, data: user('bulk.version', { displayName: 'Lost' }) },
      { method: 'DELETE', path, version: u.version },
    ]),
  );
  for (const o of ops) {
    assert.equal(o.status, '412', JSON.stringify(o));
    assert.equal(o.response!.scimType, 'invalidVers');
    assert.equal(idOf(o.location), u.id);
  }
  const now = await t.scim('SCIMAPP', path);
  assert.equal(now.body.displayName, 'Second');
  assert.equal(now.headers.get('etag'), current);
  // The current version goes through.
  const ok = entries(await request([{ method: 'DELETE', path, version: current }]));
  assert.deepEqual(ok, [{ method: 'DELETE', location: now.body.meta.location, status: '204' }]);
  assert.equal((await t.scim('SCIMAPP', path)).status, 404);
});

test('more than 1000 operations: 413 before any runs', async () => {
  const op = (i: number) => ({ method: 'POST', path: '/Users', bulkId: `b${i}`, data: user(`many.${i}`) });
  const r = await request(Array.from({ length: 1001 }, (_, i) => op(i)));
  assert.equal(r.status, 413, r.text);
  assert.equal(r.body.scimType, undefined);
  assert.match(r.body.detail, /at most 1000 operations/);
  assert.equal(await countUsers('many.0'), 0);
});

test('the endpoint answers in any case (/bulk), like the resource endpoints', async () => {
  const r = await t.scim('SCIMAPP', '/bulk', {
    method: 'POST',
    json: {
      schemas: [BULK_REQUEST],
      Operations: [{ method: 'POST', path: '/Users', bulkId: 'lc', data: user('bulk.lowercase@example.com') }],
    },
  });
  const [op] = entries(r);
  assert.equal(op!.status, '201');
  assert.equal(await countUsers('bulk.lowercase@example.com'), 1);
});
