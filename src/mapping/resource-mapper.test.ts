// Mapping rules parsed against the real User schema, and the mapper both ways, SCIM style and ECMA style.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ConnectorAttribute } from '../connector/types.ts';
import { FerryError } from '../errors/catalogue.ts';
import { userSchema } from '../test-support/scim-schemas.ts';
import { parseMappingRule } from './mapping-rule.ts';
import { ResourceMapper } from './resource-mapper.ts';

const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const ECMA = 'urn:ietf:params:scim:schemas:extension:ECMA2Host:2.0:User';
const str = (name: string, extra: Partial<ConnectorAttribute> = {}): ConnectorAttribute => ({
  name,
  type: 'string',
  ...extra,
});
const schema = userSchema();
const rule = (path: string, target: ConnectorAttribute) => parseMappingRule(path, target, schema);

test('mapping paths: plain, sub-attribute, filtered element, extension URN', () => {
  const given = rule('name.givenName', str('first'));
  assert.deepEqual([given.name, given.sub, given.urn], ['name', 'givenName', undefined]);
  const mail = rule('emails[type eq "work"].value', str('mail'));
  assert.deepEqual([mail.name, mail.sub, mail.match], ['emails', 'value', { type: 'work' }]);
  const dept = rule(`${ENT}:department`, str('dept'));
  assert.deepEqual([dept.name, dept.urn], ['department', ENT]);
  assert.equal(rule('USERNAME', str('login')).name, 'userName', 'names are matched case-insensitively');
});

test('bad mapping paths are invalidPath, with the path in the message', () => {
  for (const [path, why] of [
    ['nosuch', /unknown attribute "nosuch"/],
    ['name.middle_x', /has no sub-attribute "middle_x"/],
    ['id', /read-only/],
    ['meta.created', /read-only/],
  ] as const) {
    assert.throws(
      () => rule(path, str('t')),
      (e: unknown) => e instanceof FerryError && why.test(e.message) && e.message.includes(path),
      path,
    );
  }
});

const rules = () => [
  rule('userName', str('login')),
  rule('name.givenName', str('first')),
  rule('emails[type eq "work"].value', str('mail')),
  rule('emails[type eq "home"].value', str('homeMail')),
  rule(`${ENT}:department`, str('dept')),
  rule('active', { name: 'enabled', type: 'boolean' }),
];

test('write: connector attributes fill the mapped SCIM paths, one element per filter', () => {
  const res: Record<string, unknown> = {};
  new ResourceMapper(rules(), undefined).write(res, {
    login: 'ann',
    first: 'Ann',
    mail: 'ann@work.example',
    homeMail: 'ann@home.example',
    dept: 'Sales',
    enabled: 'true',
  });
  assert.deepEqual(res, {
    userName: 'ann',
    name: { givenName: 'Ann' },
    emails: [
      { type: 'work', value: 'ann@work.example' },
      { type: 'home', value: 'ann@home.example' },
    ],
    [ENT]: { department: 'Sales' },
    active: true,
  });
});

test('read: the mapped SCIM paths give connector attributes; active and password apart', () => {
  const got = new ResourceMapper(rules(), undefined).read({
    schemas: [],
    userName: 'bob',
    name: { givenName: 'Bob' },
    emails: [
      { type: 'HOME', value: 'bob@home.example' },
      { type: 'work', value: 'bob@work.example' },
    ],
    [ENT]: { department: 'Ops' },
    active: false,
    password: 'pw-123456',
  });
  assert.deepEqual(got.attributes, {
    login: 'bob',
    first: 'Bob',
    mail: 'bob@work.example',
    homeMail: 'bob@home.example',
    dept: 'Ops',
    enabled: false,
  });
  assert.equal(got.active, false);
  assert.equal(got.password, 'pw-123456');
});

test('ECMA style: every selected attribute in the extension; write-only ones never written back', () => {
  const attrs = [str('login'), str('roles', { multiValued: true }), str('pw', { writeOnly: true })];
  const m = new ResourceMapper([], { urn: ECMA, attributes: attrs });
  const res: Record<string, unknown> = {};
  m.write(res, { login: 'cy', roles: ['a', 'b'], pw: 'secret' });
  assert.deepEqual(res, { [ECMA]: { login: 'cy', roles: ['a', 'b'] } });
  // Entra sends a multi-valued attribute as JSON text holding the list.
  const read = m.read({ schemas: [], [ECMA]: { login: 'cy', roles: ['["x","y"]'], pw: 'new-secret' } });
  assert.deepEqual(read.attributes, { login: 'cy', roles: ['x', 'y'], pw: 'new-secret' });
});

test('both styles: the value that differs from the current one wins', () => {
  const m = new ResourceMapper([rule('name.givenName', str('first'))], { urn: ECMA, attributes: [str('first')] });
  const current = { first: 'Old' };
  const viaPath = m.read({ schemas: [], name: { givenName: 'New' }, [ECMA]: { first: 'Old' } }, current);
  assert.equal(viaPath.attributes.first, 'New', 'the client changed the mapped path');
  const viaExt = m.read({ schemas: [], name: { givenName: 'Old' }, [ECMA]: { first: 'Ext' } }, current);
  assert.equal(viaExt.attributes.first, 'Ext', 'the client changed the extension');
});

test('a value of the wrong type in a mapped path is refused', () => {
  const m = new ResourceMapper([rule('active', { name: 'enabled', type: 'boolean' })], undefined);
  assert.throws(() => m.read({ schemas: [], active: 'maybe' }), FerryError);
});
