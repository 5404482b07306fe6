import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ecmaSchema, ecmaUrn, scimAttributeOf } from './ecma-schema.ts';

test('the ECMA2Host URN names the resource type', () => {
  assert.equal(ecmaUrn('Group'), 'urn:ietf:params:scim:schemas:extension:ECMA2Host:2.0:Group');
});

test('mutability, uniqueness and returned follow the connector attribute', () => {
  const plain = { anchor: false, anchorGenerated: false };
  assert.equal(scimAttributeOf({ name: 'n', type: 'string' }, plain).mutability, 'readWrite');
  assert.equal(scimAttributeOf({ name: 'n', type: 'string', readOnly: true }, plain).mutability, 'readOnly');
  const pw = scimAttributeOf({ name: 'pw', type: 'string', writeOnly: true }, plain);
  assert.equal(pw.mutability, 'writeOnly');
  assert.equal(pw.returned, 'never');
  const anchor = scimAttributeOf(
    { name: 'id', type: 'string', required: true },
    { anchor: true, anchorGenerated: false },
  );
  assert.deepEqual([anchor.mutability, anchor.uniqueness, anchor.required], ['immutable', 'server', true]);
  const generated = scimAttributeOf(
    { name: 'id', type: 'string', required: true },
    { anchor: true, anchorGenerated: true },
  );
  assert.deepEqual([generated.mutability, generated.required], ['readOnly', false], 'the application makes it');
  assert.equal(scimAttributeOf({ name: 'u', type: 'string', unique: true }, plain).uniqueness, 'server');
});

test('types map one to one, and references name their target', () => {
  const plain = { anchor: false, anchorGenerated: false };
  assert.equal(scimAttributeOf({ name: 'n', type: 'integer', multiValued: true }, plain).multiValued, true);
  assert.equal(scimAttributeOf({ name: 'd', type: 'dateTime' }, plain).type, 'dateTime');
  const ref = scimAttributeOf({ name: 'manager', type: 'reference', referenceTo: 'User' }, plain);
  assert.deepEqual(ref.referenceTypes, ['User']);
  const chosen = scimAttributeOf({ name: 'm', type: 'reference' }, { ...plain, referenceResource: 'Group' });
  assert.deepEqual(chosen.referenceTypes, ['Group']);
});

test('the extension schema carries the given attributes', () => {
  const attrs = [scimAttributeOf({ name: 'n', type: 'string' }, { anchor: false, anchorGenerated: false })];
  const s = ecmaSchema('User', attrs);
  assert.equal(s.id, ecmaUrn('User'));
  assert.equal(s.name, 'ECMA2HostUser');
  assert.equal(s.attributes, attrs);
});
