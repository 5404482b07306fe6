import { test } from 'node:test';
import { RFC_SAMPLES } from '../../test-support/rfc-samples.ts';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { FerryError } from '../../errors/catalogue.ts';
import { ENTERPRISE_USER_SCHEMA_ID, GROUP_SCHEMA_ID, USER_SCHEMA_ID } from '../schema/core-schemas.ts';
import { ECMA_USER_SCHEMA_ID, groupSchema, userSchema } from '../../test-support/scim-schemas.ts';
import { normalizeResourceBody } from './engine.ts';

const samples = RFC_SAMPLES;
const load = (file: string): Record<string, unknown> => JSON.parse(readFileSync(new URL(file, samples), 'utf8'));
const us = userSchema();
const ECMA = ECMA_USER_SCHEMA_ID;

test('RFC 7644 §3.3 POST body passes through unchanged', () => {
  const body = load('rfc7644-3.3-user-post_request.json');
  const { resource, dropped } = normalizeResourceBody(body, us);
  assert.deepEqual(resource, body);
  assert.deepEqual(dropped, []);
});

test('RFC 7644 §3.5.1 PUT body: id ignored (read-only), empty roles dropped', () => {
  const { resource, dropped } = normalizeResourceBody(load('rfc7644-3.5.1-user-put_request.json'), us);
  assert.equal('id' in resource, false);
  assert.equal('roles' in resource, false);
  assert.equal(resource.userName, 'bjensen');
  assert.deepEqual(resource.emails, [{ value: 'bjensen@example.com' }, { value: 'babs@jensen.org' }]);
  assert.deepEqual(dropped, []);
});

test('declared name case, "True"/"False" coercion, roles as JSON text, manager as bare id', () => {
  const { resource } = normalizeResourceBody(
    {
      schemas: [USER_SCHEMA_ID],
      USERNAME: 'alice',
      Active: 'False',
      name: { GivenName: 'Alice' },
      Emails: [{ Value: 'a@contoso.com', Type: 'work', Primary: 'True' }],
      roles: '[{"primary":false,"type":"WindowsAzureActiveDirectoryRole","display":"Admin","value":"Admin"}]',
      [ENTERPRISE_USER_SCHEMA_ID]: { Manager: 'mgr-1', department: 'R&D' },
    },
    us,
  );
  assert.deepEqual(resource, {
    schemas: [USER_SCHEMA_ID, ENTERPRISE_USER_SCHEMA_ID],
    userName: 'alice',
    active: false,
    name: { givenName: 'Alice' },
    emails: [{ value: 'a@contoso.com', type: 'work', primary: true }],
    roles: [{ primary: false, type: 'WindowsAzureActiveDirectoryRole', display: 'Admin', value: 'Admin' }],
    [ENTERPRISE_USER_SCHEMA_ID]: { manager: { value: 'mgr-1' }, department: 'R&D' },
  });
});

test('ECMA-style body: URN keys at top level and unqualified extension names move into the extension', () => {
  const { resource, dropped } = normalizeResourceBody(
    {
      schemas: [USER_SCHEMA_ID, ECMA],
      userName: 'bob',
      [`${ECMA}:city`]: 'Paris',
      [`${ECMA.toLowerCase()}:Level`]: '3',
      isContractor: 'True',
      [ECMA]: { EMPLOYEEID: 'E-7', proxyAddresses: 'SMTP:bob@contoso.com' },
    },
    us,
  );
  assert.deepEqual(resource, {
    schemas: [USER_SCHEMA_ID, ECMA],
    userName: 'bob',
    [ECMA]: {
      city: 'Paris',
      level: 3,
      isContractor: true,
      EmployeeID: 'E-7',
      proxyAddresses: ['SMTP:bob@contoso.com'],
    },
  });
  assert.deepEqual(dropped, []);
});

test('unknown attributes are dropped and listed; read-only ones silently ignored', () => {
  const { resource, dropped } = normalizeResourceBody(
    {
      userName: 'carol',
      favouriteColour: 'blue',
      name: { givenName: 'Carol', nick: 'C' },
      'urn:example:unknown:1.0:Thing': { a: 1 },
      [`${ECMA}:nosuch`]: 'x',
      id: 'server-decides',
      meta: { created: '2020-01-01T00:00:00Z' },
      groups: [{ value: 'g1' }],
    },
    us,
  );
  assert.deepEqual(resource, { schemas: [USER_SCHEMA_ID], userName: 'carol', name: { givenName: 'Carol' } });
  assert.deepEqual(dropped, ['favouriteColour', 'name.nick', 'urn:example:unknown:1.0:Thing', `${ECMA}:nosuch`]);
});

test('a Group body as Entra posts it, with or without members', () => {
  const gs = groupSchema();
  const { resource } = normalizeResourceBody(
    { schemas: [GROUP_SCHEMA_ID], displayName: 'Sales', externalId: 'ext-1', members: [] },
    gs,
  );
  assert.deepEqual(resource, { schemas: [GROUP_SCHEMA_ID], displayName: 'Sales', externalId: 'ext-1' });
  const withMembers = normalizeResourceBody(
    { displayName: 'Ops', members: [{ value: 'u1', display: 'Ann' }] },
    gs,
  ).resource;
  assert.deepEqual(withMembers.members, [{ value: 'u1' }], 'display is read-only');
});

test('type mismatches and non-object bodies are refused', () => {
  const fails = (body: unknown, scimType: string, message: RegExp) =>
    assert.throws(
      () => normalizeResourceBody(body, us),
      (e: unknown) => e instanceof FerryError && e.scimType === scimType && message.test(e.message),
    );
  fails([], 'invalidSyntax', /must be a JSON object/);
  fails('x', 'invalidSyntax', /must be a JSON object/);
  fails({ userName: 'x', active: 'yes' }, 'invalidValue', /'active' must be of type boolean/);
  fails({ userName: 'x', [ECMA]: 'Paris' }, 'invalidValue', /must be an object/);
  fails({ userName: 'x', emails: [['a']] }, 'invalidValue', /emails/);
});

test('the input body is not modified', () => {
  const body = { USERNAME: 'x', [`${ECMA}:city`]: 'Paris', emails: [{ value: 'a@b', Primary: 'true' }] };
  const before = structuredClone(body);
  normalizeResourceBody(body, us);
  assert.deepEqual(body, before);
});
