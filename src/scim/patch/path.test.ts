import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FerryError } from '../../errors/catalogue.ts';
import { formatFilter } from '../filter/format.ts';
import { ENTERPRISE_USER_SCHEMA_ID, GROUP_SCHEMA_ID, USER_SCHEMA_ID } from '../schema/core-schemas.ts';
import { ECMA_USER_SCHEMA_ID, groupSchema, userSchema } from '../../test-support/scim-schemas.ts';
import { parsePatchPath } from './path.ts';

const s = userSchema();

test('attribute paths, any case, with sub-attributes', () => {
  const p = parsePatchPath('NAME.givenname', s);
  assert.equal(p.attr?.name, 'name');
  assert.equal(p.subAttr?.name, 'givenName');
  assert.equal(p.filter, undefined);
  assert.equal(p.extension, false);
  assert.equal(p.schema.id, USER_SCHEMA_ID);
  assert.equal(parsePatchPath('active', s).attr?.type, 'boolean');
  assert.equal(parsePatchPath('members.$ref', groupSchema()).subAttr?.name, '$ref');
});

test('value paths, with and without a trailing sub-attribute', () => {
  const g = parsePatchPath('members[value eq "2819c223-7f76-453a-919d-413861904646"]', groupSchema());
  assert.equal(g.schema.id, GROUP_SCHEMA_ID);
  assert.equal(g.attr?.name, 'members');
  assert.equal(g.subAttr, undefined);
  assert.equal(g.filter && formatFilter(g.filter), 'value eq "2819c223-7f76-453a-919d-413861904646"');
  const e = parsePatchPath('emails[type eq "work"].value', s);
  assert.equal(e.attr?.name, 'emails');
  assert.equal(e.subAttr?.name, 'value');
  assert.equal(e.filter && formatFilter(e.filter), 'type eq "work"');
  const a = parsePatchPath('addresses[type eq "work" and primary eq true].STREETADDRESS', s);
  assert.equal(a.subAttr?.name, 'streetAddress');
  assert.equal(parsePatchPath('members[value eq"2819c223...919d-413861904646"]', groupSchema()).attr?.name, 'members');
});

test('URN-qualified paths and an extension URN alone', () => {
  const m = parsePatchPath(`${ENTERPRISE_USER_SCHEMA_ID}:manager`, s);
  assert.equal(m.extension, true);
  assert.equal(m.schema.id, ENTERPRISE_USER_SCHEMA_ID);
  assert.equal(m.attr?.name, 'manager');
  assert.equal(parsePatchPath(`${ENTERPRISE_USER_SCHEMA_ID}:manager.value`, s).subAttr?.name, 'value');
  const c = parsePatchPath(`${ECMA_USER_SCHEMA_ID}:city`, s);
  assert.equal(c.attr?.name, 'city');
  assert.equal(c.schema.id, ECMA_USER_SCHEMA_ID);
  const alone = parsePatchPath(ECMA_USER_SCHEMA_ID.toLowerCase(), s);
  assert.equal(alone.attr, undefined);
  assert.equal(alone.schema.id, ECMA_USER_SCHEMA_ID);
  assert.equal(alone.extension, true);
  assert.equal(parsePatchPath(`${USER_SCHEMA_ID}:emails[type eq "work"].value`, s).subAttr?.name, 'value');
  assert.equal(parsePatchPath('city', s).schema.id, ECMA_USER_SCHEMA_ID, 'unqualified extension attribute');
});

function failure(text: string): FerryError {
  try {
    parsePatchPath(text, s);
  } catch (e) {
    assert.ok(e instanceof FerryError);
    assert.equal(e.scimType, 'invalidPath', text);
    return e;
  }
  assert.fail(`no error for ${text}`);
}

test('unknown or malformed paths are invalidPath', () => {
  assert.match(failure('nosuch').message, /Unknown attribute 'nosuch'/);
  assert.match(failure('name.nosuch').message, /Unknown attribute 'name.nosuch'/);
  assert.match(failure(`${USER_SCHEMA_ID}:manager`).message, /Unknown attribute 'manager'/);
  assert.match(failure('urn:example:nope:2.0:User:city').message, /Unknown schema 'urn:example:nope:2.0:User'/);
  assert.match(failure('').message, /empty/);
  assert.match(failure('emails[type eq "work"').message, /Missing '\]'/);
  assert.match(failure('emails[type eq "work"].nosuch').message, /no sub-attribute 'nosuch'/);
  assert.match(failure('emails[type eq "work"] extra').message, /Unexpected 'extra'.*end of the path/);
  assert.match(failure('name[givenName eq "x"]').message, /single-valued/);
  assert.match(failure('emails[type eq]').message, /Missing comparison value/);
  assert.match(failure('emails[type zz "x"]').message, /Unknown operator 'zz'/);
  assert.match(failure('name.givenName[x eq 1]').message, /sub-attribute/);
  assert.match(failure('"userName"').message, /must start with an attribute name/);
});
