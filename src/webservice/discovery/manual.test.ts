// Discovery by hand: parameters from the path, the query string and name:in[:required] specs; samples kept
// as examples with a type sketch inferred from them; mistakes reported plainly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiscoveryError } from './discovered-service.ts';
import { inferSchema } from './infer-schema.ts';
import { discoverManual, parseParameterSpec } from './manual.ts';

test('one operation: path parameters inferred, --param added, samples stored with a type sketch', () => {
  const s = discoverManual({
    method: 'put',
    path: '/users/{id}/roles/{role}?dryRun=true',
    endpoint: 'https://app.example.com/api/',
    parameters: ['If-Match:header:required', 'role:path', 'notify:query'],
    sampleRequest: '{"granted": true, "until": "2025-01-31", "by": {"login": "admin", "mail": "admin@example.com"}}',
    sampleResponse:
      '{"id": "u1", "roles": [{"name": "admin", "level": 3}, {"name": "dev", "level": 1.5, "note": null}]}',
    summary: 'Grant a role',
  });
  assert.equal(s.baseUrl, 'https://app.example.com/api');
  assert.deepEqual(s.warnings, []);
  assert.deepEqual(Object.keys(s.operations), ['putUsersByIdRolesByRole']);
  const op = s.operations.putUsersByIdRolesByRole;
  assert.equal(op.method, 'PUT');
  assert.equal(op.path, '/users/{id}/roles/{role}', 'the query string becomes query parameters');
  assert.equal(op.summary, 'Grant a role');
  assert.deepEqual(op.parameters, [
    { name: 'id', in: 'path', required: true, type: 'string' },
    { name: 'role', in: 'path', required: true, type: 'string' },
    { name: 'dryRun', in: 'query', required: false },
    { name: 'If-Match', in: 'header', required: true },
    { name: 'notify', in: 'query', required: false },
    { name: 'body', in: 'body', required: true, type: 'object' },
  ]);
  assert.deepEqual(op.requestBody, {
    contentType: 'application/json',
    schema: {
      type: 'object',
      properties: {
        granted: { type: 'boolean' },
        until: { type: 'string', format: 'date' },
        by: { type: 'object', properties: { login: { type: 'string' }, mail: { type: 'string', format: 'email' } } },
      },
    },
    example: { granted: true, until: '2025-01-31', by: { login: 'admin', mail: 'admin@example.com' } },
  });
  assert.deepEqual(op.responses?.['200'].schema, {
    type: 'object',
    properties: {
      id: { type: 'string' },
      roles: {
        type: 'array',
        items: {
          type: 'object',
          properties: { name: { type: 'string' }, level: { type: 'number' }, note: { type: 'null' } },
        },
      },
    },
  });
  assert.deepEqual(op.responses?.['200'].example, {
    id: 'u1',
    roles: [
      { name: 'admin', level: 3 },
      { name: 'dev', level: 1.5, note: null },
    ],
  });
});

test('operation id, response status, body parameter declared by hand, no endpoint', () => {
  const s = discoverManual({
    method: 'POST',
    path: '/users',
    operationId: 'createUser',
    parameters: ['user:body:required'],
    sampleRequest: '{"login":"x"}',
    sampleResponse: '{"id":"1"}',
    responseStatus: '201',
  });
  assert.equal(s.baseUrl, undefined);
  const op = s.operations.createUser;
  assert.deepEqual(op.parameters, [{ name: 'user', in: 'body', required: true }]);
  assert.deepEqual(Object.keys(op.responses ?? {}), ['201']);
  assert.deepEqual(discoverManual({ method: 'GET', path: '/' }).operations, {
    getRoot: { method: 'GET', path: '/', parameters: [] },
  });
});

test('parameter specs', () => {
  assert.deepEqual(parseParameterSpec('q:query'), { name: 'q', in: 'query', required: false });
  assert.deepEqual(parseParameterSpec('X-Key:header:required'), { name: 'X-Key', in: 'header', required: true });
  assert.deepEqual(parseParameterSpec('page:query:optional'), { name: 'page', in: 'query', required: false });
  assert.throws(
    () => parseParameterSpec('q'),
    /parameter "q": expected name:in\[:required\] with in one of path, query, header, body/,
  );
  assert.throws(() => parseParameterSpec('q:cookie'), /in one of path, query, header, body/);
  assert.throws(() => parseParameterSpec('q:query:maybe'), /the third part is "required" or "optional"/);
});

test('mistakes: method, path, endpoint, samples, ids, a path parameter not in the path', () => {
  const fails = (input: Parameters<typeof discoverManual>[0], pattern: RegExp): void => {
    assert.throws(
      () => discoverManual(input),
      (e: unknown) => e instanceof DiscoveryError && pattern.test(e.message),
    );
  };
  fails({ method: 'FETCH', path: '/x' }, /method "FETCH": expected one of GET, POST/);
  fails({ method: 'GET', path: 'users' }, /path "users" must start with \//);
  fails({ method: 'GET', path: '/x', endpoint: 'app.example.com' }, /endpoint "app\.example\.com" is not a URL/);
  fails({ method: 'GET', path: '/x', endpoint: 'ftp://app.example.com' }, /only http and https/);
  fails({ method: 'GET', path: '/x', sampleResponse: '{id: 1}' }, /the sample response is not JSON/);
  fails({ method: 'POST', path: '/x', sampleRequest: '' }, /the sample request is not JSON/);
  fails({ method: 'GET', path: '/x', operationId: '1st' }, /operation id "1st" must start with a letter/);
  fails({ method: 'GET', path: '/x', parameters: ['id:path'] }, /parameter "id:path": the path \/x has no \{id\}/);
  fails({ method: 'GET', path: '/x', sampleResponse: '{}', responseStatus: 'ok' }, /response status "ok"/);
});

test('type sketches: arrays merge their items, nulls make a type nullable, formats recognised', () => {
  assert.deepEqual(inferSchema([]), { type: 'array' });
  assert.deepEqual(inferSchema([1, 2.5]), { type: 'array', items: { type: 'number' } });
  assert.deepEqual(inferSchema([null, 'a']), { type: 'array', items: { type: 'string', nullable: true } });
  assert.deepEqual(inferSchema([{ a: 1 }, { b: 'x' }]), {
    type: 'array',
    items: { type: 'object', properties: { a: { type: 'integer' }, b: { type: 'string' } } },
  });
  assert.deepEqual(inferSchema('2024-05-01T10:00:00Z'), { type: 'string', format: 'date-time' });
  assert.deepEqual(inferSchema('https://x.example/a'), { type: 'string', format: 'uri' });
  assert.deepEqual(inferSchema('3f2504e0-4f89-11d3-9a0c-0305e82c3301'), { type: 'string', format: 'uuid' });
});
