import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FerryError } from '../../errors/catalogue.ts';
import type { ScimType } from '../../errors/catalogue.ts';
import { ENTERPRISE_USER_SCHEMA_ID, USER_SCHEMA_ID } from '../schema/core-schemas.ts';
import { ECMA_USER_SCHEMA_ID, groupSchema, userSchema } from '../../test-support/scim-schemas.ts';
import { applyPatch } from './engine.ts';

// PATCH requests as Microsoft Entra's provisioning service sends them.
type Json = Record<string, unknown>;
const us = userSchema();
const ECMA = ECMA_USER_SCHEMA_ID;
const ENT = ENTERPRISE_USER_SCHEMA_ID;

const baseUser = (): Json => ({
  schemas: [USER_SCHEMA_ID],
  id: 'u-1',
  userName: 'alice@contoso.com',
  active: true,
  name: { givenName: 'Alice', familyName: 'Smith' },
  emails: [{ type: 'work', value: 'alice@contoso.com', primary: true }],
  meta: { resourceType: 'User', created: '2024-01-01T00:00:00Z', lastModified: '2024-01-01T00:00:00Z' },
});

function patch(resource: Json, operations: unknown, schema = us): Json {
  const before = structuredClone(resource);
  const out = applyPatch(resource, operations, schema);
  assert.deepEqual(resource, before, 'input not mutated');
  return out;
}

function rejects(resource: Json, operations: unknown, scimType: ScimType, message: RegExp, schema = us): void {
  assert.throws(
    () => applyPatch(resource, operations, schema),
    (e: unknown) => {
      assert.ok(e instanceof FerryError, 'a FerryError');
      assert.equal(e.scimType, scimType, e.message);
      assert.match(e.message, message);
      return true;
    },
  );
}

test('op in any case', () => {
  const out = patch(baseUser(), [
    { op: 'Replace', path: 'displayName', value: 'Alice S' },
    { op: 'Add', path: 'title', value: 'Engineer' },
    { op: 'REMOVE', path: 'name.familyName' },
  ]);
  assert.equal(out.displayName, 'Alice S');
  assert.equal(out.title, 'Engineer');
  assert.deepEqual(out.name, { givenName: 'Alice' });
});

test('active sent as false, "False" or "True"', () => {
  assert.equal(patch(baseUser(), [{ op: 'Replace', path: 'active', value: 'False' }]).active, false);
  assert.equal(patch(baseUser(), [{ op: 'Replace', path: 'active', value: false }]).active, false);
  assert.equal(
    patch({ ...baseUser(), active: false }, [{ op: 'Replace', path: 'active', value: 'True' }]).active,
    true,
  );
  assert.equal(patch(baseUser(), [{ op: 'replace', value: { active: 'FALSE' } }]).active, false);
  const emails = patch(baseUser(), [{ op: 'Add', path: 'emails[type eq "work"].primary', value: 'False' }]).emails;
  assert.deepEqual(
    emails,
    [{ type: 'work', value: 'alice@contoso.com', primary: false }],
    'sub-attributes are coerced too',
  );
});

test('numeric strings for integer and decimal attributes; other mismatches are invalidValue', () => {
  const out = patch(baseUser(), [
    { op: 'Add', path: `${ECMA}:level`, value: '42' },
    { op: 'Add', path: `${ECMA}:salary`, value: '1234.50' },
    { op: 'Add', path: `${ECMA}:hireDate`, value: '2024-03-01T09:00:00Z' },
  ]);
  assert.deepEqual(out[ECMA], { level: 42, salary: 1234.5, hireDate: '2024-03-01T09:00:00Z' });
  rejects(
    baseUser(),
    [{ op: 'Replace', path: 'active', value: 'maybe' }],
    'invalidValue',
    /Operations\[0\].*'active' must be of type boolean; got "maybe"/,
  );
  rejects(
    baseUser(),
    [{ op: 'Add', path: `${ECMA}:level`, value: '4.5' }],
    'invalidValue',
    /'level' must be of type integer/,
  );
  rejects(baseUser(), [{ op: 'Add', path: `${ECMA}:level`, value: true }], 'invalidValue', /integer/);
  rejects(baseUser(), [{ op: 'Add', path: `${ECMA}:hireDate`, value: 'someday' }], 'invalidValue', /dateTime/);
  rejects(
    baseUser(),
    [{ op: 'Replace', path: 'displayName', value: 5 }],
    'invalidValue',
    /'displayName' must be of type string/,
  );
  rejects(baseUser(), [{ op: 'Replace', path: 'displayName', value: ['a'] }], 'invalidValue', /displayName/);
  rejects(baseUser(), [{ op: 'Replace', path: 'name', value: 7 }], 'invalidValue', /'name' must be a complex value/);
});

test('replace without a path: names, full paths, value-filter paths, URN paths and extension objects', () => {
  const start = { ...baseUser(), [ENT]: { costCenter: '4130', department: 'Old' } };
  const out = patch(start, [
    {
      op: 'Replace',
      value: {
        displayName: 'Alice Smith',
        'name.givenName': 'Alicia',
        'emails[type eq "work"].value': 'alicia@contoso.com',
        'phoneNumbers[type eq "mobile"].value': '+1 555 0100',
        [`${ECMA}:city`]: 'Paris',
        [ENT]: { department: 'Research', manager: 'mgr-7' },
        'urn:ietf:params:scim:schemas:core:2.0:User:title': 'Lead',
      },
    },
  ]);
  assert.equal(out.displayName, 'Alice Smith');
  assert.deepEqual(out.name, { givenName: 'Alicia', familyName: 'Smith' });
  assert.deepEqual(out.emails, [{ type: 'work', value: 'alicia@contoso.com', primary: true }]);
  assert.deepEqual(out.phoneNumbers, [{ type: 'mobile', value: '+1 555 0100' }]);
  assert.deepEqual(out[ECMA], { city: 'Paris' });
  assert.deepEqual(
    out[ENT],
    { costCenter: '4130', department: 'Research', manager: { value: 'mgr-7' } },
    'extension object merged',
  );
  assert.equal(out.title, 'Lead');
  assert.deepEqual(out.schemas, [USER_SCHEMA_ID, ENT, ECMA], 'schemas lists the extensions now in use');
});

test('value-filter paths: update the matching element, or create the one an equality filter describes', () => {
  const updated = patch(baseUser(), [
    { op: 'Replace', path: 'emails[type eq "work"].value', value: 'new@contoso.com' },
  ]);
  assert.deepEqual(updated.emails, [{ type: 'work', value: 'new@contoso.com', primary: true }]);

  const bare = baseUser();
  delete bare.emails;
  const created = patch(bare, [
    { op: 'Add', path: 'emails[type eq "work"].value', value: 'a@contoso.com' },
    { op: 'Replace', path: 'addresses[type eq "work" and primary eq true].locality', value: 'Lyon' },
    { op: 'Add', path: 'emails[type eq "home"]', value: { value: 'a@home.example' } },
  ]);
  assert.deepEqual(created.emails, [
    { type: 'work', value: 'a@contoso.com' },
    { type: 'home', value: 'a@home.example' },
  ]);
  assert.deepEqual(created.addresses, [{ type: 'work', primary: true, locality: 'Lyon' }]);

  const second = patch(baseUser(), [{ op: 'Add', path: 'emails[type eq "home"].value', value: 'alice@home.example' }]);
  assert.equal((second.emails as unknown[]).length, 2, 'a second element, the work email untouched');

  rejects(
    baseUser(),
    [{ op: 'Replace', path: 'emails[value co "nomatch"].value', value: 'x' }],
    'noTarget',
    /no value of 'emails' matches/,
  );
  rejects(
    baseUser(),
    [{ op: 'Replace', path: 'emails[type eq "home" or type eq "other"].value', value: 'x' }],
    'noTarget',
    /Operations\[0\]/,
  );
});

test('add to a multi-valued attribute appends, skips equal values, wraps a single value; primary moves', () => {
  const out = patch(baseUser(), [
    { op: 'Add', path: 'emails', value: { type: 'home', value: 'alice@home.example' } },
    { op: 'Add', path: 'emails', value: [{ type: 'work', value: 'ALICE@contoso.com' }] },
    { op: 'Add', path: 'emails', value: [{ type: 'other', value: 'a@other.example', primary: true }] },
  ]);
  assert.deepEqual(out.emails, [
    { type: 'work', value: 'alice@contoso.com', primary: false },
    { type: 'home', value: 'alice@home.example' },
    { type: 'other', value: 'a@other.example', primary: true },
  ]);
  const viaFilter = patch(out, [{ op: 'Replace', path: 'emails[type eq "home"].primary', value: true }]);
  assert.deepEqual(
    (viaFilter.emails as { primary?: boolean }[]).map((e) => e.primary),
    [false, true, false],
  );
  const multi = patch(baseUser(), [{ op: 'Add', path: `${ECMA}:proxyAddresses`, value: 'SMTP:a@contoso.com' }]);
  assert.deepEqual((multi[ECMA] as Json).proxyAddresses, ['SMTP:a@contoso.com']);
});

test('replace on a multi-valued attribute replaces the whole list', () => {
  const out = patch(baseUser(), [{ op: 'replace', path: 'emails', value: [{ type: 'home', value: 'h@example.com' }] }]);
  assert.deepEqual(out.emails, [{ type: 'home', value: 'h@example.com' }]);
  assert.equal('emails' in patch(baseUser(), [{ op: 'replace', path: 'emails', value: [] }]), false);
});

test('remove: no path is noTarget; sub-attributes, extension attributes and missing values', () => {
  rejects(baseUser(), [{ op: 'Remove' }], 'noTarget', /Operations\[0\]: "remove" needs a "path"/);
  const out = patch({ ...baseUser(), [ECMA]: { city: 'Paris' }, schemas: [USER_SCHEMA_ID, ECMA] }, [
    { op: 'Remove', path: 'name.givenName' },
    { op: 'Remove', path: `${ECMA}:city` },
    { op: 'Remove', path: 'nickName' },
    { op: 'Remove', path: 'emails[type eq "home"]' },
    { op: 'Remove', path: `${ENT}:manager` },
  ]);
  assert.deepEqual(out.name, { familyName: 'Smith' });
  assert.equal(ECMA in out, false, 'an emptied extension object goes away');
  assert.deepEqual(out.schemas, [USER_SCHEMA_ID], 'and leaves the schemas list');
  assert.equal((out.emails as unknown[]).length, 1);
  const noName = patch(out, [{ op: 'remove', path: 'name.familyName' }]);
  assert.equal('name' in noName, false, 'removing the last sub-attribute removes the attribute');
});

test('group members: add in batches, remove by value list or by filter, last one leaves no attribute', () => {
  const gs = groupSchema();
  const grp: Json = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], id: 'g-1', displayName: 'Sales' };
  const added = patch(
    grp,
    [{ op: 'Add', path: 'members', value: [{ value: 'u1' }, { value: 'u2' }, { value: 'u3' }] }],
    gs,
  );
  assert.deepEqual(added.members, [{ value: 'u1' }, { value: 'u2' }, { value: 'u3' }]);
  const removed = patch(
    added,
    [{ op: 'Remove', path: 'members', value: [{ value: 'u1' }, { value: 'u3' }, { value: 'not-a-member' }] }],
    gs,
  );
  assert.deepEqual(removed.members, [{ value: 'u2' }]);
  const byFilter = patch(added, [{ op: 'Remove', path: 'members[value eq "u2"]' }], gs);
  assert.deepEqual(byFilter.members, [{ value: 'u1' }, { value: 'u3' }]);
  const none = patch(removed, [{ op: 'Remove', path: 'members[value eq "u2"]' }], gs);
  assert.equal('members' in none, false);
  const noop = patch(none, [{ op: 'Remove', path: 'members', value: [{ value: 'u9' }] }], gs);
  assert.deepEqual(noop, none);
});

test('roles sent as JSON text inside value are parsed', () => {
  const text = '[{"primary":false,"type":"WindowsAzureActiveDirectoryRole","display":"Admin","value":"Admin"}]';
  const out = patch(baseUser(), [{ op: 'Add', path: 'roles', value: text }]);
  assert.deepEqual(out.roles, [
    { primary: false, type: 'WindowsAzureActiveDirectoryRole', display: 'Admin', value: 'Admin' },
  ]);
  const replaced = patch(out, [{ op: 'replace', value: { roles: '[{"value":"Reader","primary":"True"}]' } }]);
  assert.deepEqual(replaced.roles, [{ value: 'Reader', primary: true }]);
  rejects(
    baseUser(),
    [{ op: 'Add', path: 'roles', value: '[{"value":' }],
    'invalidValue',
    /JSON text that does not parse/,
  );
});

// Entra's JSON text carries complex values (roles); text of bare ids is no list of members, and splitting it would
// make "Admin" and "Reader" member ids.
test('JSON text of bare values in a complex attribute is refused, not split into ids', () => {
  const gs = groupSchema();
  const group: Json = { displayName: 'G' };
  for (const value of ['["Admin","Reader"]', '["u1"]', '[1,2]', '[["u1"]]', '[{"value":"u1"},"u2"]'])
    for (const op of ['Add', 'Replace'])
      rejects(group, [{ op, path: 'members', value }], 'invalidValue', /JSON text/, gs);
  rejects(group, [{ op: 'Replace', value: { members: '["u1","u2"]' } }], 'invalidValue', /JSON text/, gs);
  rejects(baseUser(), [{ op: 'Add', path: 'roles', value: '["Admin"]' }], 'invalidValue', /JSON text/);
  // JSON text of complex values still works for members, and a bare id is still one member.
  const text = patch(group, [{ op: 'Add', path: 'members', value: '[{"value":"u1"},{"value":"u2"}]' }], gs);
  assert.deepEqual(text.members, [{ value: 'u1' }, { value: 'u2' }]);
  assert.deepEqual(patch(group, [{ op: 'Add', path: 'members', value: 'u1' }], gs).members, [{ value: 'u1' }]);
});

test("manager as a bare id or as {value}; a new manager drops the old one's details", () => {
  const byId = patch(baseUser(), [{ op: 'Add', path: `${ENT}:manager`, value: 'mgr-1' }]);
  assert.deepEqual(byId[ENT], { manager: { value: 'mgr-1' } });
  const withDetails = {
    ...baseUser(),
    [ENT]: { manager: { value: 'mgr-1', $ref: '../Users/mgr-1', displayName: 'Bob' } },
  };
  const changed = patch(withDetails, [{ op: 'Replace', path: `${ENT}:manager`, value: { value: 'mgr-2' } }]);
  assert.deepEqual(changed[ENT], { manager: { value: 'mgr-2' } });
  const same = patch(withDetails, [{ op: 'Replace', path: `${ENT}:manager`, value: { value: 'mgr-1' } }]);
  assert.deepEqual(same[ENT], withDetails[ENT], 'same manager: details kept');
  const sub = patch(baseUser(), [{ op: 'Replace', path: `${ENT}:manager.value`, value: 'mgr-3' }]);
  assert.deepEqual(sub[ENT], { manager: { value: 'mgr-3' } });
  const unqualified = patch(baseUser(), [{ op: 'replace', value: { manager: 'mgr-4' } }]);
  assert.deepEqual(unqualified[ENT], { manager: { value: 'mgr-4' } });
});

test('read-only attributes are refused unless echoed unchanged; immutable ones set once', () => {
  rejects(baseUser(), [{ op: 'Replace', path: 'id', value: 'u-2' }], 'mutability', /'id' is read-only/);
  rejects(baseUser(), [{ op: 'Remove', path: 'id' }], 'mutability', /read-only/);
  rejects(
    baseUser(),
    [{ op: 'Replace', path: 'meta.lastModified', value: '2030-01-01T00:00:00Z' }],
    'mutability',
    /read-only/,
  );
  rejects(baseUser(), [{ op: 'Add', path: 'groups', value: [{ value: 'g1' }] }], 'mutability', /'groups' is read-only/);
  rejects(baseUser(), [{ op: 'Replace', value: { meta: {} } }], 'mutability', /read-only/);
  assert.equal(patch(baseUser(), [{ op: 'replace', value: { id: 'u-1', displayName: 'A' } }]).displayName, 'A');

  const set = patch(baseUser(), [{ op: 'Add', path: `${ECMA}:badgeNumber`, value: 'B1' }]);
  assert.equal((set[ECMA] as Json).badgeNumber, 'B1');
  assert.equal(
    (patch(set, [{ op: 'Replace', path: `${ECMA}:badgeNumber`, value: 'B1' }])[ECMA] as Json).badgeNumber,
    'B1',
  );
  rejects(set, [{ op: 'Replace', path: `${ECMA}:badgeNumber`, value: 'B2' }], 'mutability', /immutable/);
  rejects(set, [{ op: 'Remove', path: `${ECMA}:badgeNumber` }], 'mutability', /immutable/);
  const gs = groupSchema();
  rejects(
    { displayName: 'G', members: [{ value: 'u1' }] },
    [{ op: 'Replace', path: 'members[value eq "u1"].value', value: 'u2' }],
    'mutability',
    /members.value' is immutable/,
    gs,
  );
});

test('extension URN as path: add merges its attributes, remove drops the extension', () => {
  const out = patch(baseUser(), [{ op: 'Add', path: ECMA, value: { City: 'Paris', isContractor: 'True' } }]);
  assert.deepEqual(out[ECMA], { city: 'Paris', isContractor: true });
  assert.deepEqual(out.schemas, [USER_SCHEMA_ID, ECMA]);
  const gone = patch(out, [{ op: 'Remove', path: ECMA }]);
  assert.equal(ECMA in gone, false);
  assert.deepEqual(gone.schemas, [USER_SCHEMA_ID]);
});

test('a whole PatchOp message is accepted too', () => {
  const out = patch(baseUser(), {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
    Operations: [{ op: 'Replace', path: 'active', value: 'False' }],
  });
  assert.equal(out.active, false);
});

test('malformed operations', () => {
  rejects(baseUser(), { op: 'add' }, 'invalidSyntax', /must be an array/);
  rejects(baseUser(), 'add', 'invalidSyntax', /must be an array/);
  rejects(baseUser(), [42], 'invalidSyntax', /Operations\[0\] must be an object/);
  rejects(
    baseUser(),
    [{ op: 'add', path: 'title', value: 'x' }, null],
    'invalidSyntax',
    /Operations\[1\] must be an object/,
  );
  rejects(baseUser(), [{ path: 'title', value: 'x' }], 'invalidSyntax', /"op" must be/);
  rejects(baseUser(), [{ op: 'move', path: 'title', value: 'x' }], 'invalidSyntax', /unknown op "move"/);
  rejects(baseUser(), [{ op: 'add', path: 'title' }], 'invalidSyntax', /"add" needs a "value"/);
  rejects(baseUser(), [{ op: 'add', path: 7, value: 'x' }], 'invalidPath', /"path" must be a string/);
  rejects(baseUser(), [{ op: 'add', value: 'x' }], 'invalidValue', /without a "path"/);
  rejects(
    baseUser(),
    [
      { op: 'add', path: 'title', value: 'x' },
      { op: 'add', path: 'nosuch', value: 'x' },
    ],
    'invalidPath',
    /Operations\[1\]: Unknown attribute 'nosuch'/,
  );
  rejects(baseUser(), [{ op: 'replace', value: { nosuch: 1 } }], 'invalidPath', /nosuch/);
  rejects(
    baseUser(),
    [{ op: 'add', path: 'emails', value: [{ value: 'x', colour: 'red' }] }],
    'invalidValue',
    /'emails.colour' is not a sub-attribute/,
  );
  rejects(baseUser(), [{ op: 'add', path: 'emails[type eq "work"', value: 'x' }], 'invalidPath', /Missing '\]'/);
});

test('a failing operation leaves the input untouched and returns nothing partial', () => {
  const start = baseUser();
  const before = structuredClone(start);
  assert.throws(() =>
    applyPatch(
      start,
      [
        { op: 'replace', path: 'displayName', value: 'X' },
        { op: 'replace', path: 'id', value: 'other' },
      ],
      us,
    ),
  );
  assert.deepEqual(start, before);
});

test('nested values in the result are not shared with the request or the input', () => {
  const value = [{ value: 'u1' }];
  const start: Json = { displayName: 'G', members: [{ value: 'u0' }] };
  const out = applyPatch(start, [{ op: 'add', path: 'members', value }], groupSchema());
  (out.members as Json[])[0].value = 'changed';
  (out.members as Json[])[1].value = 'changed too';
  assert.equal((start.members as Json[])[0].value, 'u0');
  assert.equal(value[0].value, 'u1');
});
