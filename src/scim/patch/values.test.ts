import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AttributeDef } from '../schema/types.ts';
import { groupSchema, userSchema } from '../../test-support/scim-schemas.ts';
import { applyPatch } from './engine.ts';
import { sameValue, valueKey } from './values.ts';

const str = (caseExact: boolean): AttributeDef =>
  ({ name: 's', type: 'string', multiValued: true, caseExact }) as AttributeDef;
const complex: AttributeDef = {
  name: 'members',
  type: 'complex',
  multiValued: true,
  subAttributes: [
    { name: 'value', type: 'string' } as AttributeDef,
    { name: 'display', type: 'string' } as AttributeDef,
  ],
} as AttributeDef;

test('valueKey: equal keys exactly when sameValue says equal', () => {
  const samples: [AttributeDef, unknown[]][] = [
    [str(false), ['Ann', 'ann', 'ANN', 'Bob', '', 1, '1', true, null, { a: 1 }]],
    [str(true), ['Ann', 'ann', 'Bob']],
    [
      complex,
      [
        { value: 'U1' },
        { value: 'u1', display: 'x' },
        { value: 'u2' },
        { display: 'x' },
        { display: 'x', type: 'User' },
        { type: 'User', display: 'x' },
        { value: null },
        {},
      ],
    ],
  ];
  for (const [def, values] of samples) {
    for (const a of values) {
      for (const b of values) {
        const ka = valueKey(def, a);
        const kb = valueKey(def, b);
        assert.ok(ka !== undefined && kb !== undefined);
        assert.equal(ka === kb, sameValue(def, a, b), `${def.name}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
      }
    }
  }
  assert.equal(
    valueKey({ name: 'd', type: 'dateTime' } as AttributeDef, '2024-01-01T00:00:00Z'),
    undefined,
    'dateTimes compare as instants: no key',
  );
});

test('PATCH of a 100,000-member group: add and remove by value set, duplicates and case folded', () => {
  const members = Array.from({ length: 100_000 }, (_, i) => ({ value: `acc_${i}` }));
  const group = {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
    id: 'g1',
    displayName: 'All staff',
    members,
  };
  const out = applyPatch(
    group,
    [
      {
        op: 'add',
        path: 'members',
        value: [{ value: 'acc_5' }, { value: 'ACC_6' }, { value: 'acc_new' }, { value: 'acc_new' }],
      },
      { op: 'remove', path: 'members', value: [{ value: 'acc_0' }, { value: 'ACC_1' }] },
    ],
    groupSchema(),
  );
  const values = (out.members as { value: string }[]).map((m) => m.value);
  assert.equal(values.length, 100_000 - 2 + 1);
  assert.equal(values.at(-1), 'acc_new');
  assert.ok(!values.includes('acc_0') && !values.includes('acc_1'));
  assert.equal(values.filter((v) => v === 'acc_5').length, 1);
  // Emails (complex, with value) of a user: an existing address in another case is not added again.
  const user = {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    userName: 'a',
    emails: [{ value: 'A@x.org', type: 'work' }],
  };
  const u2 = applyPatch(
    user,
    [{ op: 'add', path: 'emails', value: [{ value: 'a@X.org', type: 'work' }, { value: 'b@x.org' }] }],
    userSchema(),
  );
  assert.deepEqual(
    (u2.emails as { value: string }[]).map((e) => e.value),
    ['A@x.org', 'b@x.org'],
  );
});
