import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evalError, value } from '../../test-support/expr.ts';

test('Count: the number of values of a multi-valued attribute', () => {
  assert.equal(value('Count([proxyAddresses])', { proxyAddresses: ['SMTP:a@b', 'smtp:c@d', 'smtp:e@f'] }), 3);
  assert.equal(value('Count([proxyAddresses])', { proxyAddresses: [] }), 0);
  assert.equal(value('Count([mail])', { mail: 'a@b' }), 1, 'a single value counts as one');
  assert.equal(value('Count([missing])'), null);
  assert.equal(value('Count(Split("a,b,c", ","))'), 3);
});

test('Item: 1-based, as the reference says', () => {
  const proxyAddresses = ['SMTP:a@b', 'smtp:c@d'];
  assert.equal(value('Item([proxyAddresses], 1)', { proxyAddresses }), 'SMTP:a@b', 'the first item');
  assert.equal(value('Item([proxyAddresses], 2)', { proxyAddresses }), 'smtp:c@d');
  assert.equal(value('Item([proxyAddresses], 3)', { proxyAddresses }), null);
  assert.equal(value('Item([proxyAddresses], 0)', { proxyAddresses }), null, 'index 0 should not be used');
  assert.equal(value('Item([mail], 1)', { mail: 'a@b' }), 'a@b');
  assert.equal(value('Item([missing], 1)'), null);
  assert.match(evalError('Item([l], "first")', { l: ['a'] }).message, /Item: index must be a number/);
});

test('Join: the reference example (empty values are skipped)', () => {
  assert.equal(value('Join(", ", "", [surname], [givenName])', { givenName: 'John', surname: 'Doe' }), 'Doe, John');
});

test('Join: every value of a multi-valued source; null skipped; numbers', () => {
  assert.equal(value('Join(";", [a], [list], [missing], "z")', { a: 'x', list: ['1', '', null, '2'] }), 'x;1;2;z');
  assert.equal(value('Join("", 1000, "x")'), '1000x');
  assert.equal(value('Join(",", [missing])'), '');
  assert.equal(value('Join([sep], "a", "b")'), 'ab', 'a null separator is no separator');
  assert.equal(value('Join(" ", [givenName], [surname])', { givenName: 'Zoë', surname: 'Müller' }), 'Zoë Müller');
});

test('RemoveDuplicates: each value once, first kept, case-sensitive', () => {
  assert.deepEqual(value('RemoveDuplicates([proxyAddresses])', { proxyAddresses: ['a', 'b', 'a', 'A', 'b'] }), [
    'a',
    'b',
    'A',
  ]);
  assert.deepEqual(value('RemoveDuplicates([one])', { one: 'x' }), ['x']);
  assert.deepEqual(value('RemoveDuplicates(Split("x,y,x", ","))'), ['x', 'y']);
  assert.equal(value('RemoveDuplicates([missing])'), null);
});

test('Split: the reference example', () => {
  assert.deepEqual(
    value('Split([extensionAttribute5], ",")', { extensionAttribute5: 'PermissionSetOne, PermissionSetTwo' }),
    ['PermissionSetOne', 'PermissionSetTwo'],
  );
});

test('Split: other delimiters, empty and null values', () => {
  assert.deepEqual(value('Split("a||b", "||")'), ['a', 'b']);
  assert.deepEqual(value('Split("a,,b", ",")'), ['a', '', 'b']);
  assert.deepEqual(value('Split("abc", ",")'), ['abc']);
  assert.deepEqual(value('Split("", ",")'), []);
  assert.equal(value('Split([missing], ",")'), null);
  assert.match(evalError('Split("a", "")').message, /delimiter must not be empty/);
});
