import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ConnectorAttribute } from '../connector/types.ts';
import { FerryError } from '../errors/catalogue.ts';
import { toConnectorValue, toScimValue } from './convert.ts';

const a = (type: ConnectorAttribute['type'], extra: Partial<ConnectorAttribute> = {}): ConnectorAttribute => ({
  name: 'x',
  type,
  ...extra,
});

test('SCIM values become connector values of the attribute type', () => {
  assert.equal(toConnectorValue(a('boolean'), 'TRUE'), true);
  assert.equal(toConnectorValue(a('boolean'), false), false);
  assert.equal(toConnectorValue(a('integer'), ' 42 '), 42);
  assert.equal(toConnectorValue(a('integer'), -7), -7);
  assert.equal(toConnectorValue(a('dateTime'), '2024-01-02T03:04:05Z'), '2024-01-02T03:04:05Z');
  assert.equal(toConnectorValue(a('string'), 12), '12');
  assert.equal(toConnectorValue(a('string'), { value: 'boxed', primary: true }), 'boxed');
});

test('empty values are absent, not empty strings', () => {
  for (const v of [null, undefined, '']) assert.equal(toConnectorValue(a('string'), v), undefined);
});

test('a value of the wrong type is invalidValue, and a write-only one is not echoed', () => {
  assert.throws(
    () => toConnectorValue(a('integer'), '4.5'),
    (e: unknown) => {
      assert.ok(e instanceof FerryError);
      assert.match(e.message, /expects a integer, got "4\.5"/);
      return true;
    },
  );
  assert.throws(() => toConnectorValue(a('boolean'), 'yes'), FerryError);
  assert.throws(() => toConnectorValue(a('dateTime'), 'not a date'), FerryError);
  assert.throws(
    () => toConnectorValue(a('integer', { name: 'pw', writeOnly: true }), 'S3cret-Value'),
    (e: unknown) => e instanceof Error && !e.message.includes('S3cret') && /got a string/.test(e.message),
  );
});

test('connector values become SCIM JSON values', () => {
  assert.equal(toScimValue(a('boolean'), 'True'), true);
  assert.equal(toScimValue(a('integer'), '-12'), -12);
  assert.equal(toScimValue(a('integer'), 'n/a'), 'n/a', 'left as it is when it is no integer');
  assert.equal(toScimValue(a('string'), 'x'), 'x');
});
