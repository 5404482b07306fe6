import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileMapping } from './compiled-mapping.ts';
import type { MappingConfig } from './mapping-file.ts';
import type { EvaluatedMapping } from './mapping-evaluation.ts';
import type { MappedValue } from './compiled-mapping.ts';
import type { ExprValue } from '../expr/types.ts';
import { createBody, isDisabled, updateOperations } from './scim-body.ts';

const EXT = 'urn:ietf:params:scim:schemas:extension:ECMA2Host:2.0:User';
const noCompiler = () => {
  throw new Error('no expressions here');
};
const ev = (target: string, result: MappedValue, extra: Partial<MappingConfig> = {}): EvaluatedMapping => ({
  mapping: compileMapping(
    { type: 'constant', value: '', target, apply: 'always', flowNullValues: false, ...extra },
    0,
    noCompiler,
  ),
  result,
});
const v = (value: ExprValue, secret = false): MappedValue => ({ kind: 'value', value, secret, defaulted: false });

test('a creation body: every value, schemas of the extensions used, active true, secrets redacted in the report only', () => {
  const { body, modified } = createBody('User', [
    ev(`${EXT}:userName`, v('ADA')),
    ev(`${EXT}:export_password`, v('Pass@w0rd1', true)),
    ev('emails[type eq "work"].value', v('ada@x')),
    ev(`${EXT}:city`, v(null)),
    ev(`${EXT}:jobTitle`, { kind: 'ignored' }),
  ]);
  assert.deepEqual(body, {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', EXT],
    [EXT]: { userName: 'ADA', export_password: 'Pass@w0rd1' },
    emails: [{ type: 'work', value: 'ada@x' }],
    active: true,
  });
  assert.deepEqual(
    modified.map((m) => [m.name, m.newValue]),
    [
      [`${EXT}:userName`, 'ADA'],
      [`${EXT}:export_password`, '[redacted]'],
      ['emails[type eq "work"].value', 'ada@x'],
    ],
  );
  const withActive = createBody('User', [ev('active', v('False'))]).body;
  assert.equal(withActive.active, 'False', 'a mapping of active wins over the default');
});

test('update operations: only what differs, Add when the target has no value, Remove only with flowNullValues', () => {
  const current = {
    id: 'ADA',
    active: true,
    [EXT]: { city: 'London', expirationTime: '9999-12-31T00:00:00Z', department: 'R&D', jobTitle: 'Eng' },
  };
  const { operations, modified } = updateOperations(
    [
      ev(`${EXT}:city`, v('Paris')),
      ev(`${EXT}:expirationTime`, v('9999-12-31')),
      ev(`${EXT}:company`, v('Contoso')),
      ev(`${EXT}:department`, v(null)),
      ev(`${EXT}:jobTitle`, v(null), { flowNullValues: true }),
      ev(`${EXT}:export_password`, v('s3cret', true)),
    ],
    current,
  );
  assert.deepEqual(operations, [
    { op: 'Replace', path: `${EXT}:city`, value: 'Paris' },
    { op: 'Add', path: `${EXT}:company`, value: 'Contoso' },
    { op: 'Remove', path: `${EXT}:jobTitle` },
    { op: 'Add', path: `${EXT}:export_password`, value: 's3cret' },
  ]);
  assert.deepEqual(modified, [
    { name: `${EXT}:city`, oldValue: 'London', newValue: 'Paris' },
    { name: `${EXT}:company`, oldValue: null, newValue: 'Contoso' },
    { name: `${EXT}:jobTitle`, oldValue: 'Eng', newValue: null },
    { name: `${EXT}:export_password`, oldValue: null, newValue: '[redacted]' },
  ]);
});

test('disabled reads active false in any spelling', () => {
  assert.equal(isDisabled({ active: false }), true);
  assert.equal(isDisabled({ Active: 'False' }), true);
  assert.equal(isDisabled({ active: true }), false);
  assert.equal(isDisabled({}), false);
});
