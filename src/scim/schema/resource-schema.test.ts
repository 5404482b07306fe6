import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attr } from './builders.ts';
import { ENTERPRISE_USER_SCHEMA, ENTERPRISE_USER_SCHEMA_ID, USER_SCHEMA, USER_SCHEMA_ID } from './core-schemas.ts';
import { ResourceSchema } from './resource-schema.ts';
import { ECMA_USER_SCHEMA_ID, userSchema } from '../../test-support/scim-schemas.ts';
import type { SchemaDef } from './types.ts';

const s = userSchema();

test('resolve: attribute and sub-attribute names are case-insensitive', () => {
  const r = s.resolve({ name: 'USERNAME' });
  assert.equal(r?.attr.name, 'userName');
  assert.equal(r?.extension, false);
  assert.equal(r?.schema.id, USER_SCHEMA_ID);
  const sub = s.resolve({ name: 'Name', sub: 'GIVENNAME' });
  assert.equal(sub?.attr.name, 'name');
  assert.equal(sub?.subAttr?.name, 'givenName');
  assert.equal(s.resolve({ name: 'members' }), undefined);
  assert.equal(s.resolve({ name: 'name', sub: 'nope' }), undefined);
  assert.equal(s.resolve({ name: 'userName', sub: 'x' }), undefined, 'a simple attribute has no sub-attributes');
});

test('resolve: common attributes resolve unqualified and under the core URN', () => {
  assert.equal(s.resolve({ name: 'id' })?.attr.mutability, 'readOnly');
  assert.equal(s.resolve({ name: 'meta', sub: 'LastModified' })?.subAttr?.type, 'dateTime');
  assert.equal(s.resolve({ urn: USER_SCHEMA_ID, name: 'externalId' })?.attr.name, 'externalId');
});

test('resolve: a URN selects its schema case-insensitively; a wrong or unknown URN resolves nothing', () => {
  const m = s.resolve({ urn: ENTERPRISE_USER_SCHEMA_ID.toUpperCase(), name: 'manager', sub: 'value' });
  assert.equal(m?.extension, true);
  assert.equal(m?.schema.id, ENTERPRISE_USER_SCHEMA_ID);
  assert.equal(m?.subAttr?.name, 'value');
  assert.equal(s.resolve({ urn: USER_SCHEMA_ID, name: 'manager' }), undefined, 'manager is not a core attribute');
  assert.equal(s.resolve({ urn: 'urn:example:unknown:2.0:User', name: 'userName' }), undefined);
});

test('resolve: unqualified names try core, then each extension in order', () => {
  assert.equal(s.resolve({ name: 'city' })?.schema.id, ECMA_USER_SCHEMA_ID);
  assert.equal(s.resolve({ name: 'department' })?.schema.id, ENTERPRISE_USER_SCHEMA_ID);
  const a: SchemaDef = {
    id: 'urn:example:a',
    name: 'A',
    description: '',
    attributes: [attr('displayName', 'string'), attr('shared', 'integer')],
  };
  const b: SchemaDef = { id: 'urn:example:b', name: 'B', description: '', attributes: [attr('shared', 'string')] };
  const rs = new ResourceSchema(USER_SCHEMA, [a, b]);
  assert.equal(rs.resolve({ name: 'displayName' })?.schema.id, USER_SCHEMA_ID, 'core wins over an extension');
  assert.equal(rs.resolve({ name: 'shared' })?.schema.id, 'urn:example:a', 'the first extension wins');
  assert.equal(rs.resolve({ urn: 'urn:example:b', name: 'shared' })?.attr.type, 'string', 'a URN picks the later one');
});

test('splitUrn: the longest known schema id that prefixes the path, then the rest', () => {
  assert.deepEqual(s.splitUrn(`${ECMA_USER_SCHEMA_ID}:city`), { urn: ECMA_USER_SCHEMA_ID, rest: 'city' });
  assert.deepEqual(s.splitUrn(`${ENTERPRISE_USER_SCHEMA_ID}:manager.value`), {
    urn: ENTERPRISE_USER_SCHEMA_ID,
    rest: 'manager.value',
  });
  assert.deepEqual(s.splitUrn(`${USER_SCHEMA_ID}:name.familyName`), { urn: USER_SCHEMA_ID, rest: 'name.familyName' });
  assert.deepEqual(
    s.splitUrn(`${ECMA_USER_SCHEMA_ID.toLowerCase()}:City`),
    { urn: ECMA_USER_SCHEMA_ID, rest: 'City' },
    'case-insensitive, declared id returned',
  );
  assert.deepEqual(s.splitUrn(ENTERPRISE_USER_SCHEMA_ID), { urn: ENTERPRISE_USER_SCHEMA_ID, rest: '' });
  assert.deepEqual(s.splitUrn('userName'), { rest: 'userName' });
  assert.deepEqual(s.splitUrn('urn:example:other:1.0:Thing:attr.sub'), {
    urn: 'urn:example:other:1.0:Thing',
    rest: 'attr.sub',
  });
});

test('splitUrn: with nested ids the longer one wins, and a prefix must end at a colon', () => {
  const outer: SchemaDef = { id: 'urn:example:ext', name: 'Outer', description: '', attributes: [attr('x', 'string')] };
  const inner: SchemaDef = {
    id: 'urn:example:ext:v2',
    name: 'Inner',
    description: '',
    attributes: [attr('y', 'string')],
  };
  const rs = new ResourceSchema(USER_SCHEMA, [outer, inner]);
  assert.deepEqual(rs.splitUrn('urn:example:ext:v2:y'), { urn: 'urn:example:ext:v2', rest: 'y' });
  assert.deepEqual(rs.splitUrn('urn:example:ext:x'), { urn: 'urn:example:ext', rest: 'x' });
  assert.deepEqual(
    rs.splitUrn('urn:example:extra:x'),
    { urn: 'urn:example:extra', rest: 'x' },
    'not split inside a word',
  );
});

test('canonicalName and canonicalRef give the declared case', () => {
  assert.equal(s.canonicalName({ name: 'EMAILS', sub: 'VALUE' }), 'emails.value');
  assert.equal(s.canonicalName({ name: 'employeeid' }), 'EmployeeID');
  assert.equal(s.canonicalName({ name: 'nope' }), undefined);
  assert.deepEqual(s.canonicalRef({ name: 'MANAGER', sub: 'value' }), {
    name: 'manager',
    urn: ENTERPRISE_USER_SCHEMA_ID,
    sub: 'value',
  });
  assert.deepEqual(s.canonicalRef({ urn: USER_SCHEMA_ID, name: 'username' }), { name: 'userName' });
});

test('schemaIds, core and extensions', () => {
  assert.deepEqual(s.schemaIds, [USER_SCHEMA_ID, ENTERPRISE_USER_SCHEMA_ID, ECMA_USER_SCHEMA_ID]);
  assert.equal(s.core, USER_SCHEMA);
  assert.deepEqual(
    s.extensions.map((e) => e.id),
    [ENTERPRISE_USER_SCHEMA_ID, ECMA_USER_SCHEMA_ID],
  );
  assert.equal(s.isExtension(ENTERPRISE_USER_SCHEMA.id.toLowerCase()), true);
  assert.equal(s.isExtension(USER_SCHEMA_ID), false);
  assert.equal(s.schemaById(ECMA_USER_SCHEMA_ID.toUpperCase())?.id, ECMA_USER_SCHEMA_ID);
});
