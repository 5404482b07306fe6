// A bug in Ferry leaves a trace: the stack in the host log under a request id that the reply (header and SCIM
// detail) and the provisioning log record also carry, logged once.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestHost, type TestHost } from '../helpers/test-host.ts';

let t: TestHost;
before(async () => {
  t = await startTestHost();
});
after(() => t?.stop());

test('a TypeError in an export is 500 with a request id found in the host log (with its stack) and the provisioning log', async () => {
  const rt = t.host.connectors.find((c) => c.config.name === 'SCIMAPP')!;
  // A connector bug, as a TypeError thrown from deep inside would be.
  rt.connector.export = async () => {
    const missing = undefined as unknown as { attributes: object };
    return [{ ok: true, anchor: Object.keys(missing.attributes)[0] }];
  };
  const r = await t.scim('SCIMAPP', '/Users', {
    method: 'POST',
    json: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'bug@example.com' },
    headers: { 'client-request-id': 'req-bug-0001' },
  });
  assert.equal(r.status, 500, r.text);
  assert.equal(r.headers.get('x-request-id'), 'req-bug-0001');
  assert.match(r.body.detail, /req-bug-0001/);

  const lines = t
    .logs()
    .split('\n')
    .filter((l) => l.includes('req-bug-0001'))
    .map((l) => JSON.parse(l));
  const logged = lines.filter((l) => l.msg === 'unexpected error');
  assert.equal(logged.length, 1, 'logged once');
  assert.equal(logged[0].level, 'error');
  assert.equal(logged[0].err.type, 'TypeError');
  assert.match(logged[0].err.stack, /TypeError[\s\S]*\n\s+at /);

  await t.host.provisioningLog.flush();
  const [rec] = await t.host.logStore.queryLog({ connector: 'SCIMAPP', status: 'failure', limit: 1 });
  assert.equal(rec.requestId, 'req-bug-0001');
  assert.equal(rec.error?.code, 'internal');
  assert.match(rec.error?.message ?? '', /TypeError/);
  assert.match(rec.error?.message ?? '', /req-bug-0001/);
});

test('a client request id that is not safe to echo is replaced by a fresh one', async () => {
  const rt = t.host.connectors.find((c) => c.config.name === 'SCIMAPP')!;
  rt.connector.export = async () => {
    throw new RangeError('boom');
  };
  const r = await t.scim('SCIMAPP', '/Users', {
    method: 'POST',
    json: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'bug2@example.com' },
    headers: { 'client-request-id': 'bad id <script>' },
  });
  assert.equal(r.status, 500);
  const id = r.headers.get('x-request-id') ?? '';
  assert.match(id, /^[0-9a-f-]{36}$/);
  assert.match(r.body.detail, new RegExp(id));
});

test('a bug inside a /Bulk operation is logged once with its stack; the entry names the request id', async () => {
  const rt = t.host.connectors.find((c) => c.config.name === 'SCIMAPP')!;
  rt.connector.export = async () => {
    throw new TypeError('bulk bug');
  };
  const r = await t.scim('SCIMAPP', '/Bulk', {
    method: 'POST',
    json: {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
      Operations: [
        {
          method: 'POST',
          path: '/Users',
          bulkId: 'b1',
          data: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'bulkbug@example.com' },
        },
      ],
    },
    headers: { 'client-request-id': 'req-bulk-bug-01' },
  });
  assert.equal(r.status, 200, r.text);
  const [entry] = r.body.Operations;
  assert.equal(entry.status, '500');
  assert.match(entry.response.detail, /req-bulk-bug-01/);
  const logged = t
    .logs()
    .split('\n')
    .filter((l) => l.includes('req-bulk-bug-01'))
    .map((l) => JSON.parse(l))
    .filter((l) => l.msg === 'unexpected error');
  assert.equal(logged.length, 1, 'logged once');
  assert.match(logged[0].err.stack, /TypeError: bulk bug/);
});
