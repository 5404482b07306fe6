import assert from 'node:assert/strict';
import { test } from 'node:test';
import { changes } from './changes.ts';

test('only the paths whose values differ, with old and new', () => {
  const before = { name: 'HR', autosyncMinutes: 120, objectTypes: [{ attributes: ['a', 'b'] }], parameters: {} };
  const after = { name: 'HR', autosyncMinutes: 45, objectTypes: [{ attributes: ['a'] }], parameters: { key: '***' } };
  assert.deepEqual(changes(before, after), [
    'autosyncMinutes: 120 → 45',
    'objectTypes[0].attributes[1]: "b" → —',
    'parameters: {} → —',
    'parameters.key: — → "***"',
  ]);
});

test('a creation lists what was added, a deletion what was removed', () => {
  assert.deepEqual(changes(undefined, { name: 'HR' }), ['name: — → "HR"']);
  assert.deepEqual(changes({ name: 'HR' }, undefined), ['name: "HR" → —']);
});
