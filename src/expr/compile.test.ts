import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileExpression } from './compile.ts';
import { MappingExpressionError } from './errors.ts';
import { functionNames } from './functions/registry.ts';
import { evalError, run, syntaxError, value } from '../test-support/expr.ts';
import type { ExprContext } from './types.ts';

test('every function the issue lists exists', () => {
  const listed =
    'Append, AppRoleAssignmentsComplex, AssertiveAppRoleAssignmentsComplex, BitAnd, CBool, CDate, Coalesce, ConvertToBase64, ConvertToUTF8Hex, Count, CStr, DateAdd, DateDiff, DateFromNum, FormatDateTime, Guid, IgnoreFlowIfNullOrEmpty, IIF, InStr, IsNull, IsNullOrEmpty, IsPresent, IsString, Item, Join, Left, Mid, NormalizeDiacritics, Not, Now, NumFromDate, PCase, RandomString, Redact, RemoveDuplicates, Replace, SelectUniqueValue, SingleAppRoleAssignment, Split, StripSpaces, Switch, ToLower, ToUpper, Word';
  assert.deepEqual(
    functionNames(),
    listed.split(', ').sort((a, b) => a.localeCompare(b)),
  );
});

test('function names are case-insensitive', () => {
  assert.equal(value('toupper([a])', { a: 'x' }), 'X');
  assert.equal(value('TOUPPER([a], )', { a: 'x' }), 'X');
  assert.equal(value('iif([a] = "x", "yes", "no")', { a: 'x' }), 'yes');
});

test('unknown functions are reported at load time, with their position', () => {
  const e = syntaxError('Append([a], ToUper([b]))');
  assert.equal(e.position, 12);
  assert.equal(e.message, 'at 12: unknown function "ToUper" (did you mean ToUpper?)');
  assert.equal(syntaxError('Frobnicate(1)').message, 'at 0: unknown function "Frobnicate"');
});

test('argument counts are checked at load time', () => {
  const many = syntaxError('ToUpper([a], "en-US", "x")');
  assert.equal(many.position, 22, 'at the first argument too many');
  assert.equal(many.message, 'at 22: ToUpper takes 1 to 2 arguments, not 3');
  const few = syntaxError('Mid([a], 1)');
  assert.equal(few.position, 10, 'at the closing parenthesis');
  assert.equal(few.message, 'at 10: Mid takes 3 arguments, not 2: length is missing');
  assert.match(syntaxError('Guid(1)').message, /Guid takes 0 arguments, not 1/);
  assert.match(syntaxError('Join(",")').message, /Join takes at least 2 arguments, not 1/);
  assert.match(syntaxError('SelectUniqueValue("a")').message, /SelectUniqueValue takes at least 2 arguments/);
  assert.match(
    syntaxError('RandomString(6,3,0,0)').message,
    /RandomString takes 5 to 6 arguments, not 4: MinimumLowerCase is missing/,
  );
});

test('a required argument left empty is an error; an optional one is not', () => {
  const e = syntaxError('Append(, ".test")');
  assert.equal(e.position, 7);
  assert.equal(e.message, 'at 7: Append: source is required and cannot be left empty');
  assert.equal(syntaxError('Switch([a], , "k", )').position, 19);
  assert.equal(syntaxError('Join(",", [a], , [b])').position, 15);
  assert.equal(syntaxError('FormatDateTime([d], , "yyyy")').position, 20);
  assert.doesNotThrow(() => compileExpression('Switch([a], , "k", "v")'));
  assert.doesNotThrow(() => compileExpression('InStr("a", "b", , )'));
  assert.doesNotThrow(() => compileExpression('PCase([a], )'));
});

test('Switch needs key/value pairs; SelectUniqueValue must be outermost', () => {
  const odd = syntaxError('Switch([a], "d", "k1", "v1", "k2")');
  assert.equal(odd.position, 33);
  assert.match(odd.message, /pairs/);
  const nested = syntaxError('ToLower(SelectUniqueValue("a", "b"))');
  assert.equal(nested.position, 8);
  assert.match(nested.message, /SelectUniqueValue must be the outermost function/);
});

test('attributes: the names read, once each, in first-seen spelling and order', () => {
  const e = compileExpression('Join(" ", [givenName], [Surname], [GIVENNAME], Coalesce([mail], [surname]))');
  assert.deepEqual(e.attributes, ['givenName', 'Surname', 'mail']);
  assert.deepEqual(compileExpression('Now()').attributes, []);
  assert.equal(e.text, 'Join(" ", [givenName], [Surname], [GIVENNAME], Coalesce([mail], [surname]))');
});

test('topLevelFunction names the outermost function as the reference spells it', () => {
  assert.equal(
    compileExpression('assertiveapproleassignmentscomplex([appRoleAssignments])').topLevelFunction,
    'AssertiveAppRoleAssignmentsComplex',
  );
  assert.equal(compileExpression('[mail]').topLevelFunction, undefined);
  assert.equal(compileExpression('SelectUniqueValue("a", "b")').topLevelFunction, 'SelectUniqueValue');
});

test('attributes: case-insensitive names; missing, null and undefined are all null; no prototype leaks', () => {
  assert.equal(value('[UserPrincipalName]', { userprincipalname: 'a@b' }), 'a@b');
  assert.equal(value('[mail]', { mail: 'exact', MAIL: 'other' }), 'exact', 'the exact spelling wins');
  assert.equal(value('[mail]'), null);
  assert.equal(value('[mail]', { mail: null }), null);
  assert.equal(value('[mail]', { mail: undefined }), null);
  assert.equal(value('[constructor]'), null);
  assert.equal(value('[__proto__]'), null);
  assert.equal(value('[toString]', Object.create({ toString: 'inherited' }) as Record<string, string>), null);
});

test('null propagation: string functions of a missing attribute give null, not an error', () => {
  for (const text of [
    'ToUpper([x])',
    'ToLower([x], )',
    'Append([x], "a")',
    'Mid([x], 1, 2)',
    'StripSpaces([x])',
    'NormalizeDiacritics([x])',
    'PCase([x])',
    'CStr([x])',
    'CDate([x])',
    'DateAdd("d", 1, [x])',
    'Split([x], ",")',
    'Item([x], 1)',
    'Count([x])',
    'IIF([x] = "a", "b", "c")',
    'ConvertToBase64([x])',
    'Replace([x], "a", , , "b", , )',
    'BitAnd([x], 1)',
    'InStr([x], "a")',
    'NumFromDate([x])',
    'DateFromNum([x])',
    'FormatDateTime([x], , "yyyy", "yyyy")',
    'SingleAppRoleAssignment([x])',
    'CBool([x])',
    'Redact([x])',
    'RemoveDuplicates([x])',
  ]) {
    assert.equal(value(text), null, text);
  }
  // The functions the reference gives another rule for.
  assert.equal(value('Left([x], 2)'), '');
  assert.equal(value('Word([x], 1, " ")'), '');
  assert.equal(value('Join(",", [x], "a")'), 'a');
  assert.equal(value('Coalesce([x], "a")'), 'a');
  assert.equal(value('IsNull([x])'), true);
  assert.equal(value('Switch([x], "d", "", "empty")'), 'empty');
  assert.deepEqual(run('IgnoreFlowIfNullOrEmpty([x])'), { kind: 'ignored' });
});

test('multi-valued attributes', () => {
  const attributes = { proxyAddresses: ['SMTP:Jo@Contoso.com', 'smtp:jo@fabrikam.com', 'SMTP:Jo@Contoso.com'] };
  assert.equal(value('Count([proxyAddresses])', attributes), 3);
  assert.equal(value('Item([proxyAddresses], 2)', attributes), 'smtp:jo@fabrikam.com');
  assert.equal(
    value('Join("|", [proxyAddresses])', attributes),
    'SMTP:Jo@Contoso.com|smtp:jo@fabrikam.com|SMTP:Jo@Contoso.com',
  );
  assert.deepEqual(value('RemoveDuplicates([proxyAddresses])', attributes), [
    'SMTP:Jo@Contoso.com',
    'smtp:jo@fabrikam.com',
  ]);
  assert.deepEqual(value('ToLower(RemoveDuplicates([proxyAddresses]))', attributes), [
    'smtp:jo@contoso.com',
    'smtp:jo@fabrikam.com',
  ]);
  assert.equal(value('Count(RemoveDuplicates(ToLower([proxyAddresses])))', attributes), 2);
  assert.deepEqual(value('Replace([proxyAddresses], "SMTP:", , , "smtp:", , )', attributes), [
    'smtp:Jo@Contoso.com',
    'smtp:jo@fabrikam.com',
    'smtp:Jo@Contoso.com',
  ]);
  assert.equal(
    value('Switch([proxyAddresses], "other", "SMTP:Jo@Contoso.com", "first")', attributes),
    'first',
    'a scalar context reads the first value',
  );
  assert.deepEqual(value('[proxyAddresses]', attributes), attributes.proxyAddresses);
});

test('evaluation errors are MappingExpressionError naming the function', () => {
  const e = evalError('Append("x", Mid([a], 0, 1))', { a: 'abc' });
  assert.ok(e instanceof MappingExpressionError);
  assert.equal(e.functionName, 'Mid');
  assert.equal(e.code, 'invalidValue');
});

test('constants are computed once at load time; Now and random functions are not', () => {
  const e = compileExpression('ToUpper(Join("-", "a", Word("x y", 2, " ")))');
  assert.deepEqual(e.evaluate({ attributes: {} }), { kind: 'value', value: 'A-Y' });
  const now = compileExpression('DateAdd("d", 1, Now())');
  assert.deepEqual(now.evaluate({ attributes: {}, now: new Date('2021-01-01T00:00:00Z') }), {
    kind: 'value',
    value: '1/2/2021 12:00:00 AM',
  });
  assert.deepEqual(now.evaluate({ attributes: {}, now: new Date('2022-01-01T00:00:00Z') }), {
    kind: 'value',
    value: '1/2/2022 12:00:00 AM',
  });
  const guid = compileExpression('ToUpper(Guid())');
  assert.notDeepEqual(guid.evaluate({ attributes: {} }), guid.evaluate({ attributes: {} }));
  // A constant that fails is reported when evaluated, as Entra does, not at load time.
  assert.doesNotThrow(() => compileExpression('CDate("not a date")'));
  assert.throws(() => compileExpression('CDate("not a date")').evaluate({ attributes: {} }), MappingExpressionError);
});

test('SelectUniqueValue: the reference example', () => {
  const text = `SelectUniqueValue(
        Join("@", NormalizeDiacritics(StripSpaces(Join(".",  [PreferredFirstName], [PreferredLastName]))), "contoso.com"),
        Join("@", NormalizeDiacritics(StripSpaces(Join(".",  Mid([PreferredFirstName], 1, 1), [PreferredLastName]))), "contoso.com"),
        Join("@", NormalizeDiacritics(StripSpaces(Join(".",  Mid([PreferredFirstName], 1, 2), [PreferredLastName]))), "contoso.com")
    )`;
  const e = compileExpression(text);
  const attributes = { PreferredFirstName: 'John', PreferredLastName: 'Smith' };
  const taken = (...values: string[]): ExprContext => ({ attributes, isTaken: (v) => values.includes(v) });
  assert.deepEqual(e.evaluate(taken()), { kind: 'value', value: 'John.Smith@contoso.com' });
  assert.deepEqual(e.evaluate(taken('John.Smith@contoso.com')), { kind: 'value', value: 'J.Smith@contoso.com' });
  assert.deepEqual(e.evaluate(taken('John.Smith@contoso.com', 'J.Smith@contoso.com')), {
    kind: 'value',
    value: 'Jo.Smith@contoso.com',
  });
  const all = (() => {
    try {
      e.evaluate(taken('John.Smith@contoso.com', 'J.Smith@contoso.com', 'Jo.Smith@contoso.com'));
    } catch (err) {
      return err;
    }
  })();
  assert.ok(all instanceof MappingExpressionError && all.code === 'allValuesTaken', 'all taken: the engine escrows');
  assert.deepEqual(
    compileExpression(text).evaluate({ attributes: { PreferredFirstName: 'Jéssica', PreferredLastName: 'Da Silva' } }),
    { kind: 'value', value: 'Jessica.DaSilva@contoso.com' },
  );
  assert.deepEqual(e.attributes, ['PreferredFirstName', 'PreferredLastName']);
  assert.equal(e.async, true);
});

test('SelectUniqueValue: empty candidates are skipped; only needed rules are evaluated', () => {
  const asked: string[] = [];
  const e = compileExpression('SelectUniqueValue([a], [b], Mid([c], 0, 1))');
  assert.deepEqual(e.evaluate({ attributes: { a: '', b: 'bee' }, isTaken: (v) => (asked.push(v), false) }), {
    kind: 'value',
    value: 'bee',
  });
  assert.deepEqual(asked, ['bee']);
  assert.throws(() => e.evaluate({ attributes: {}, isTaken: () => false }), /SelectUniqueValue|Mid/);
  const none = compileExpression('SelectUniqueValue([a], [b])');
  assert.throws(
    () => none.evaluate({ attributes: {} }),
    (err: unknown) => err instanceof MappingExpressionError && /no candidate/.test(err.message),
  );
  assert.deepEqual(
    compileExpression('SelectUniqueValue(IgnoreFlowIfNullOrEmpty([a]), "b")').evaluate({ attributes: {} }),
    { kind: 'ignored' },
  );
  assert.deepEqual(compileExpression('SelectUniqueValue(Redact("p"), "b")').evaluate({ attributes: {} }), {
    kind: 'value',
    value: 'p',
    secret: true,
  });
});

test('SelectUniqueValue: an asynchronous isTaken (asking the target over SCIM)', async () => {
  const e = compileExpression('SelectUniqueValue("jo@x", "jo1@x", "jo2@x")');
  const isTaken = async (v: string): Promise<boolean> => v !== 'jo2@x';
  assert.deepEqual(await e.evaluateAsync({ attributes: {}, isTaken }), { kind: 'value', value: 'jo2@x' });
  assert.throws(
    () => e.evaluate({ attributes: {}, isTaken }),
    (err: unknown) => err instanceof MappingExpressionError && err.code === 'needsAsync',
  );
  await assert.rejects(
    e.evaluateAsync({ attributes: {}, isTaken: async () => true }),
    (err: unknown) => err instanceof MappingExpressionError && err.code === 'allValuesTaken',
  );
  // Expressions without SelectUniqueValue are synchronous, and evaluateAsync works for them too.
  const plain = compileExpression('ToUpper([a])');
  assert.equal(plain.async, false);
  assert.deepEqual(await plain.evaluateAsync({ attributes: { a: 'x' } }), { kind: 'value', value: 'X' });
  await assert.rejects(compileExpression('Mid("a", 0, 1)').evaluateAsync({ attributes: {} }), MappingExpressionError);
});

test('speed: the seed mapping set, compiled once (printed, not asserted)', () => {
  const expressions = [
    'ToUpper(Word([userPrincipalName], 1, "@"), )',
    'Redact("Pass@w0rd1")',
    'Switch([IsSoftDeleted], , "False", "9999-12-31", "True", "1990-01-01")',
    '[givenName]',
    '[surname]',
    '[mail]',
    '[displayName]',
    'Join(" ", [givenName], [surname])',
    'ToLower(Join("@", NormalizeDiacritics(StripSpaces(Join(".", [givenName], [surname]))), "contoso.com"))',
    'IIF([country]="FR","Bonjour","Hello")',
    'Coalesce([mail],[userPrincipalName])',
    'IgnoreFlowIfNullOrEmpty([department])',
  ].map(compileExpression);
  const users = Array.from({ length: 50_000 }, (_, i) => ({
    userPrincipalName: `user${i}@contoso.com`,
    IsSoftDeleted: i % 10 === 0 ? 'True' : 'False',
    givenName: i % 7 === 0 ? 'Zoë' : 'John',
    surname: `Smith${i}`,
    mail: i % 3 === 0 ? null : `u${i}@contoso.com`,
    displayName: `John Smith ${i}`,
    country: i % 2 ? 'FR' : 'US',
  }));
  const start = performance.now();
  let values = 0;
  for (const attributes of users) {
    const ctx = { attributes };
    for (const e of expressions) if (e.evaluate(ctx).kind === 'value') values++;
  }
  const seconds = (performance.now() - start) / 1000;
  assert.ok(values > 0);
  console.log(
    `expr speed: ${Math.round(users.length / seconds).toLocaleString('en-US')} users/s with ${expressions.length} expressions each`,
  );
});
