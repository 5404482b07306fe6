import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeScimRoles, parseAssignment } from './app-roles.ts';
import { value } from '../../test-support/expr.ts';

const assignments = [
  JSON.stringify({ id: '06b07648-ecfe-589f-9d2f-6325724a46ee', value: 'Admin', displayName: 'Admin' }),
  JSON.stringify({ id: '06b07648-ecfe-599f-9d2f-6325724a46ee', value: 'User', displayName: 'User' }),
];

test("assignments are read from role values or Entra's JSON objects", () => {
  assert.deepEqual(parseAssignment(assignments[0]), {
    id: '06b07648-ecfe-589f-9d2f-6325724a46ee',
    value: 'Admin',
    displayName: 'Admin',
  });
  assert.deepEqual(parseAssignment('Reader'), { value: 'Reader', displayName: 'Reader' });
  assert.deepEqual(parseAssignment('{"displayName":"Only a name"}'), {
    value: 'Only a name',
    displayName: 'Only a name',
  });
  assert.deepEqual(parseAssignment('{not json'), { value: '{not json', displayName: '{not json' });
  assert.equal(parseAssignment(''), null);
  assert.equal(parseAssignment(null), null);
});

test("SingleAppRoleAssignment: one role's value", () => {
  assert.equal(
    value('SingleAppRoleAssignment([appRoleAssignments])', { appRoleAssignments: [assignments[0]] }),
    'Admin',
  );
  assert.equal(value('SingleAppRoleAssignment([appRoleAssignments])', { appRoleAssignments: 'Admin' }), 'Admin');
  assert.equal(
    value('SingleAppRoleAssignment([appRoleAssignments])', { appRoleAssignments: assignments }),
    'Admin',
    'several: one of them',
  );
  assert.equal(value('SingleAppRoleAssignment([appRoleAssignments])', { appRoleAssignments: [] }), null);
  assert.equal(value('SingleAppRoleAssignment([appRoleAssignments])'), null);
});

test('AppRoleAssignmentsComplex and AssertiveAppRoleAssignmentsComplex: every role, non-primary, SCIM form', () => {
  const expected = [
    { primary: false, type: 'WindowsAzureActiveDirectoryRole', display: 'Admin', value: 'Admin' },
    { primary: false, type: 'WindowsAzureActiveDirectoryRole', display: 'User', value: 'User' },
  ];
  for (const fn of ['AppRoleAssignmentsComplex', 'AssertiveAppRoleAssignmentsComplex']) {
    const v = value(`${fn}([appRoleAssignments])`, { appRoleAssignments: assignments });
    assert.ok(Array.isArray(v) && v.every((x) => typeof x === 'string'), 'values stay ExprValue (JSON text)');
    assert.deepEqual(decodeScimRoles(v), expected);
    assert.deepEqual(
      decodeScimRoles(value(`${fn}([appRoleAssignments])`, { appRoleAssignments: ['Admin', 'User'] })),
      expected,
    );
    assert.equal(value(`${fn}([appRoleAssignments])`, { appRoleAssignments: [] }), null);
    assert.equal(value(`${fn}([appRoleAssignments])`), null);
  }
  assert.equal(decodeScimRoles('Admin'), null);
  assert.equal(decodeScimRoles(['not json']), null);
});
