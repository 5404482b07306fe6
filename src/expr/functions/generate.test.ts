import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileExpression } from '../compile.ts';
import { evalError, run, value } from '../../test-support/expr.ts';

test("Guid: a new random GUID each time, in the reference's form", () => {
  const a = value('Guid()');
  const b = value('Guid()');
  assert.match(String(a), /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  assert.notEqual(a, b);
});

const count = (s: string, re: RegExp): number => (s.match(re) ?? []).length;

test('RandomString: the reference examples', () => {
  for (let k = 0; k < 200; k++) {
    const one = String(value('RandomString(6,3,0,0,3)'));
    assert.equal(one.length, 6);
    assert.ok(count(one, /[0-9]/g) >= 3 && count(one, /[a-z]/g) >= 3, one);
    const two = String(value('RandomString(10,2,2,2,1,"?,")'));
    assert.equal(two.length, 10);
    assert.ok(count(two, /[0-9]/g) >= 2, two);
    assert.ok(count(two, /[A-Z]/g) >= 2, two);
    assert.ok(count(two, /[a-z]/g) >= 1, two);
    assert.ok(count(two, /[^0-9A-Za-z]/g) >= 2, two);
    assert.ok(!two.includes('?') && !two.includes(','), two);
  }
  assert.notEqual(value('RandomString(20,0,0,0,0)'), value('RandomString(20,0,0,0,0)'));
});

test('RandomString: limits', () => {
  assert.equal(String(value('RandomString(256,0,0,0,0)')).length, 256);
  assert.match(evalError('RandomString(257,0,0,0,0)').message, /Length is at most 256/);
  assert.match(evalError('RandomString(3,2,2,0,0)').message, /less than the sum of the minimums/);
  assert.match(evalError('RandomString(3,1,0,0,0,"0123456789")').message, /excludes every one of the numbers/);
  assert.equal(value('RandomString([n],0,0,0,0)'), null);
});

test('Redact: the reference examples (the value flows, marked secret)', () => {
  assert.deepEqual(run('Redact([userPrincipalName])', { userPrincipalName: 'jo@contoso.com' }), {
    kind: 'value',
    value: 'jo@contoso.com',
    secret: true,
  });
  assert.deepEqual(run('Redact("StringToBeRedacted")'), { kind: 'value', value: 'StringToBeRedacted', secret: true });
  const r = run('Redact(RandomString(6,3,0,0,3))');
  assert.ok(r.kind === 'value' && r.secret === true && String(r.value).length === 6);
  assert.deepEqual(run('Redact("Pass@w0rd1")'), { kind: 'value', value: 'Pass@w0rd1', secret: true });
});

test('Redact: the mark survives enclosing functions, and only the evaluation that redacted is secret', () => {
  assert.deepEqual(run('Append(Redact("Pass"), "@w0rd1")'), { kind: 'value', value: 'Pass@w0rd1', secret: true });
  assert.deepEqual(run('Switch([x], "plain", "a", Redact("hidden"))', { x: 'b' }), { kind: 'value', value: 'plain' });
  assert.deepEqual(run('Switch([x], "plain", "a", Redact("hidden"))', { x: 'a' }), {
    kind: 'value',
    value: 'hidden',
    secret: true,
  });
  assert.deepEqual(run('Append("a", "b")'), { kind: 'value', value: 'ab' });
  const e = compileExpression('Redact([p])');
  assert.equal(
    e.evaluate({ attributes: { p: 'x' } }).kind === 'value' &&
      (e.evaluate({ attributes: { p: 'x' } }) as { secret?: boolean }).secret,
    true,
  );
});
