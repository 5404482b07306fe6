// Regular expressions in flows cannot hang the host: linear-time when they can be, otherwise checked for nested
// repetition and bounded in input; the functions built on them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FUNCTIONS } from './functions.ts';
import { compileRegex, MAX_BACKTRACKING_INPUT, type RegexError } from './safe-regex.ts';

const call = (name: string, ...args: unknown[]) => FUNCTIONS[name].fn(...args);

test('a pattern that backtracks badly runs in linear time on a long input', () => {
  const started = Date.now();
  // With a backtracking engine this takes hours (cubic in 50,000 characters).
  assert.equal(call('test', 'a'.repeat(50_000), '.*.*.*x'), false);
  assert.ok(Date.now() - started < 20_000);
});

test('a pattern that needs backtracking: nested repetition refused, input bounded', () => {
  assert.throws(
    () => compileRegex('(a+)+$', 'i'),
    (e: RegexError) => /exponential/.test(e.message),
  );
  assert.throws(
    () => compileRegex('(a', ''),
    (e: RegexError) => /bad regular expression/.test(e.message),
  );
  assert.equal(call('test', 'ABC', '^abc$', 'i'), true);
  assert.throws(
    () => call('test', 'a'.repeat(MAX_BACKTRACKING_INPUT + 1), '^a+$', 'i'),
    (e: RegexError) => /at most 1000/.test(e.message),
  );
});

test('regex functions, indexOf, slice, keys, url and dates', () => {
  assert.deepEqual(call('match', 'id=42;x', 'id=(\\d+)'), ['id=42', '42']);
  assert.equal(call('match', 'nothing', '\\d'), null);
  assert.deepEqual(call('groups', '2024-12-31', '(?<y>\\d{4})-(?<m>\\d{2})'), { y: '2024', m: '12' });
  assert.deepEqual(call('matchAll', 'a1b22', '\\d+'), [['1'], ['22']]);
  assert.equal(call('regexReplace', 'a-b_c', '[-_]', '.'), 'a.b.c');
  assert.deepEqual(call('whereMatch', [{ n: 'x1' }, { n: 'y' }], 'n', '\\d'), [{ n: 'x1' }]);
  assert.deepEqual(call('fieldsMatching', { cf_12_cost: 1, name: 2 }, '^cf_\\d+_'), { cf_12_cost: 1 });
  assert.equal(call('indexOf', ['a', 'b'], 'b'), 1);
  assert.equal(call('indexOf', 'hello', 'z'), -1);
  assert.deepEqual(call('slice', [1, 2, 3, 4], -2), [3, 4]);
  assert.equal(call('slice', 'abcdef', 1, 3), 'bc');
  assert.deepEqual(call('keys', { a: 1, b: 2 }), ['a', 'b']);
  const u = call('url', 'https://h.example:8443/api/v1/users/a%2Fb?cursor=c1&x=1&x=2') as Record<string, unknown>;
  assert.equal(u.host, 'h.example:8443');
  assert.deepEqual(u.segments, ['api', 'v1', 'users', 'a/b']);
  assert.deepEqual(u.query, { cursor: 'c1', x: ['1', '2'] });
  assert.deepEqual((call('url', '/users/7') as Record<string, unknown>).segments, ['users', '7']);
  assert.equal(call('parseDate', '31.12.2024 13:45', 'dd.MM.yyyy HH:mm'), '2024-12-31T13:45:00.000Z');
  assert.equal(call('parseDate', 'garbage', 'dd.MM.yyyy'), null);
  assert.equal(call('formatDate', '2024-12-31T13:45:00Z', 'yyyyMMdd'), '20241231');
});
