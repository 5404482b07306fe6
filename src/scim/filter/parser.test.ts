import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FerryError } from '../../errors/catalogue.ts';
import { ECMA_USER_SCHEMA_ID, userSchema } from '../../test-support/scim-schemas.ts';
import { ENTERPRISE_USER_SCHEMA_ID, USER_SCHEMA_ID } from '../schema/core-schemas.ts';
import type { AttrRef } from '../schema/types.ts';
import type { CompareOp, CompValue, Filter } from './ast.ts';
import { equalityConjuncts, formatFilter, lookupEqualities, MAX_FILTER_DEPTH, parseFilter } from './parser.ts';

const cmp = (name: string, op: CompareOp, value: CompValue, extra: Partial<AttrRef> = {}): Filter => ({
  kind: 'compare',
  op,
  path: { name, ...extra },
  value,
});
const and = (left: Filter, right: Filter): Filter => ({ kind: 'and', left, right });
const or = (left: Filter, right: Filter): Filter => ({ kind: 'or', left, right });

test('every comparison operator, in any case', () => {
  for (const op of ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'] as const) {
    assert.deepEqual(parseFilter(`title ${op} "x"`), cmp('title', op, 'x'));
    assert.deepEqual(parseFilter(`title ${op.toUpperCase()} "x"`), cmp('title', op, 'x'));
  }
  assert.deepEqual(parseFilter('title Pr'), { kind: 'present', path: { name: 'title' } });
  assert.deepEqual(parseFilter('userName Eq "bjensen"'), cmp('userName', 'eq', 'bjensen'));
});

test('comparison values: strings, JSON numbers, true/false/null in any case', () => {
  assert.equal((parseFilter('a eq 42') as { value: unknown }).value, 42);
  assert.equal((parseFilter('a eq -1.5e3') as { value: unknown }).value, -1500);
  assert.equal((parseFilter('a eq 0.25') as { value: unknown }).value, 0.25);
  assert.equal((parseFilter('a eq TRUE') as { value: unknown }).value, true);
  assert.equal((parseFilter('a eq False') as { value: unknown }).value, false);
  assert.equal((parseFilter('a eq NULL') as { value: unknown }).value, null);
  assert.equal((parseFilter('a eq "true"') as { value: unknown }).value, 'true', 'a quoted true stays a string');
  assert.equal((parseFilter('a eq "x \\"quoted\\" \\u00e9\\\\"') as { value: unknown }).value, 'x "quoted" é\\');
  assert.equal(
    (parseFilter('members[value eq"2819c223"]') as { filter: { value: unknown } }).filter.value,
    '2819c223',
    'no space before the value',
  );
});

test('precedence: not > and > or, left-associative', () => {
  const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((n) => cmp(n, 'eq', 1));
  assert.deepEqual(parseFilter('a eq 1 or b eq 1 and c eq 1'), or(a, and(b, c)));
  assert.deepEqual(parseFilter('a eq 1 and b eq 1 or c eq 1'), or(and(a, b), c));
  assert.deepEqual(parseFilter('a eq 1 and b eq 1 and c eq 1'), and(and(a, b), c));
  assert.deepEqual(parseFilter('a eq 1 or b eq 1 or c eq 1 or d eq 1'), or(or(or(a, b), c), d));
  assert.deepEqual(parseFilter('a eq 1 AND b eq 1 OR c eq 1'), or(and(a, b), c), 'logical operators in any case');
  assert.deepEqual(parseFilter('not (a eq 1) and b eq 1'), and({ kind: 'not', filter: a }, b));
});

test('parentheses override precedence; not needs them', () => {
  const [a, b, c] = ['a', 'b', 'c'].map((n) => cmp(n, 'eq', 1));
  assert.deepEqual(parseFilter('(a eq 1 or b eq 1) and c eq 1'), and(or(a, b), c));
  assert.deepEqual(parseFilter('a eq 1 and (b eq 1 or c eq 1)'), and(a, or(b, c)));
  assert.deepEqual(parseFilter('((a eq 1))'), a);
  assert.deepEqual(parseFilter('NOT (a eq 1 or b eq 1)'), { kind: 'not', filter: or(a, b) });
  assert.deepEqual(parseFilter('not(a eq 1)'), { kind: 'not', filter: a });
});

test('value paths hold sub-attribute filters', () => {
  assert.deepEqual(parseFilter('emails[type eq "work" and value co "@example.com"]'), {
    kind: 'valuePath',
    path: { name: 'emails' },
    filter: and(cmp('type', 'eq', 'work'), cmp('value', 'co', '@example.com')),
  });
  assert.deepEqual(
    parseFilter('userType eq "Employee" and emails[type eq "work" and not (primary eq false)]'),
    and(cmp('userType', 'eq', 'Employee'), {
      kind: 'valuePath',
      path: { name: 'emails' },
      filter: and(cmp('type', 'eq', 'work'), { kind: 'not', filter: cmp('primary', 'eq', false) }),
    }),
  );
  assert.deepEqual(parseFilter('emails[type pr]'), {
    kind: 'valuePath',
    path: { name: 'emails' },
    filter: { kind: 'present', path: { name: 'type' } },
  });
});

test('sub-attributes, $ref and URN-qualified paths', () => {
  assert.deepEqual(parseFilter('name.familyName co "O\'Malley"'), cmp('name', 'co', "O'Malley", { sub: 'familyName' }));
  assert.deepEqual(parseFilter('members.$ref pr'), { kind: 'present', path: { name: 'members', sub: '$ref' } });
  assert.deepEqual(
    parseFilter(`${USER_SCHEMA_ID}:userName sw "J"`),
    cmp('userName', 'sw', 'J', { urn: USER_SCHEMA_ID }),
  );
  assert.deepEqual(
    parseFilter(`${ECMA_USER_SCHEMA_ID}:city eq "x"`),
    cmp('city', 'eq', 'x', { urn: ECMA_USER_SCHEMA_ID }),
  );
  assert.deepEqual(
    parseFilter(`${ENTERPRISE_USER_SCHEMA_ID}:manager.value eq "26118915"`),
    cmp('manager', 'eq', '26118915', { urn: ENTERPRISE_USER_SCHEMA_ID, sub: 'value' }),
  );
  assert.deepEqual(parseFilter(`${USER_SCHEMA_ID}:emails[type eq "work"]`), {
    kind: 'valuePath',
    path: { urn: USER_SCHEMA_ID, name: 'emails' },
    filter: cmp('type', 'eq', 'work'),
  });
});

test('with a schema: URNs split at known schema ids and names come back in declared case', () => {
  const s = userSchema();
  assert.deepEqual(parseFilter('USERNAME eq "x"', s), cmp('userName', 'eq', 'x'));
  assert.deepEqual(
    parseFilter(`${ECMA_USER_SCHEMA_ID.toLowerCase()}:CITY eq "x"`, s),
    cmp('city', 'eq', 'x', { urn: ECMA_USER_SCHEMA_ID }),
  );
  assert.deepEqual(parseFilter('emails[TYPE eq "work"]', s), {
    kind: 'valuePath',
    path: { name: 'emails' },
    filter: cmp('type', 'eq', 'work'),
  });
  assert.deepEqual(
    parseFilter('unknownThing eq "x"', s),
    cmp('unknownThing', 'eq', 'x'),
    'unknown names stay as written',
  );
});

test('formatFilter gives canonical text that re-parses to the same tree', () => {
  const inputs = [
    'userName eq "bjensen"',
    'a eq 1 or b eq 2 and c eq 3',
    '(a eq 1 or b eq 2) and c eq 3',
    'a eq 1 or (b eq 2 or c eq 3)',
    'a eq 1 and (b eq 2 and c eq 3)',
    'not (a pr) and not (b eq true or c eq null)',
    'emails[type eq "work" and (value ew ".com" or value ew ".org")] or title pr',
    `${ECMA_USER_SCHEMA_ID}:city eq "x \\"y\\" \\u0001 é" and meta.lastModified gt "2011-05-13T04:42:34Z"`,
    'score ge -1.5e-7 and members.$ref pr',
  ];
  for (const text of inputs) {
    const tree = parseFilter(text);
    const canonical = formatFilter(tree);
    assert.deepEqual(parseFilter(canonical), tree, canonical);
    assert.equal(formatFilter(parseFilter(canonical)), canonical, 'formatting is stable');
  }
  assert.equal(formatFilter(parseFilter('USERNAME EQ "x" AND (a PR)')), 'USERNAME eq "x" and a pr');
  assert.equal(formatFilter(parseFilter('(a eq 1 or b eq 2) and c eq 3')), '(a eq 1 or b eq 2) and c eq 3');
  assert.equal(formatFilter(parseFilter('a eq 1 or (b eq 2 or c eq 3)')), 'a eq 1 or (b eq 2 or c eq 3)');
});

function failure(text: string): FerryError {
  try {
    parseFilter(text);
  } catch (e) {
    assert.ok(e instanceof FerryError, `a FerryError for ${text}`);
    assert.equal(e.scimType, 'invalidFilter', text);
    assert.equal(e.status, 400);
    return e;
  }
  assert.fail(`no error for ${JSON.stringify(text)}`);
}

test('malformed filters: invalidFilter with what and where', () => {
  assert.match(failure('').message, /empty/);
  assert.match(failure('   ').message, /empty/);
  assert.match(failure('userName eq "abc').message, /Unterminated string.*position 13/);
  assert.match(failure('userName eq').message, /Missing comparison value after 'eq' at position 12/);
  assert.match(failure('userName eq and b pr').message, /Missing comparison value/);
  assert.match(failure('userName eq bjensen').message, /Invalid comparison value 'bjensen' at position 13/);
  assert.match(failure('userName xx "a"').message, /Unknown operator 'xx' at position 10/);
  assert.match(failure('userName').message, /Expected an operator after 'userName'/);
  assert.match(failure('userName "x"').message, /Expected an operator after 'userName' at position 10/);
  assert.match(failure('a eq 1 and').message, /'and' at position 8 has no right-hand side/);
  assert.match(failure('a eq 1 or').message, /'or' at position 8 has no right-hand side/);
  assert.match(failure('(a eq 1').message, /Missing '\)' to close the '\(' at position 1/);
  assert.match(failure('a eq 1)').message, /Unbalanced '\)' at position 7/);
  assert.match(failure('emails[type eq "w"').message, /Missing '\]' to close the '\[' at position 7/);
  assert.match(failure('a eq 1]').message, /Unbalanced '\]' at position 7/);
  assert.match(failure('a eq 1 b').message, /Unexpected 'b' at position 8/);
  assert.match(failure('a eq 1 "x"').message, /Unexpected string "x" at position 8/);
  assert.match(failure('not a eq 1').message, /Expected '\(' after 'not' at position 1/);
  assert.match(failure('emails[type eq "w"].value eq "x"').message, /only allowed in PATCH paths/);
  assert.match(failure('emails[type[value eq "x"] pr]').message, /Nested '\['/);
  assert.match(failure('emails[name.familyName eq "x"]').message, /Only a sub-attribute name is allowed/);
  assert.match(failure('name.givenName[x eq 1]').message, /follows sub-attribute/);
  assert.match(failure('emails[]').message, /Empty value filter/);
  assert.match(failure('()').message, /Expected an attribute path at position 2/);
  assert.match(failure('1abc eq "x"').message, /Invalid attribute name '1abc' at position 1/);
  assert.match(failure('a.b.c eq "x"').message, /Invalid sub-attribute name 'b.c'/);
  assert.match(failure(`${USER_SCHEMA_ID}: eq "x"`).message, /names a schema but no attribute/);
  assert.match(
    (() => {
      try {
        parseFilter(`${USER_SCHEMA_ID} eq "x"`, userSchema());
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    })(),
    /names a schema but no attribute/,
  );
  assert.match(failure('a eq 01').message, /Invalid comparison value '01'/);
  assert.match(failure('a eq "\\x"').message, /Invalid escape/);
});

test('an unquoted value is refused with a detail that says to quote it as a JSON string', () => {
  // Some clients send `userName sw O`: RFC 7644 wants "O". The 400's detail must say how to fix the request.
  const e = failure('userName sw O');
  assert.equal(e.scimType, 'invalidFilter');
  assert.match(e.message, /Invalid comparison value 'O' at position 13/);
  assert.match(e.message, /must be a quoted JSON string \("O"/);
});

test('nesting is limited to 50 levels', () => {
  const nested = (n: number) => `${'('.repeat(n)}a eq 1${')'.repeat(n)}`;
  assert.deepEqual(parseFilter(nested(MAX_FILTER_DEPTH)), cmp('a', 'eq', 1));
  assert.match(failure(nested(MAX_FILTER_DEPTH + 1)).message, /deeper than 50 levels at position 51/);
  const nots = `${'not ('.repeat(MAX_FILTER_DEPTH + 1)}a pr${')'.repeat(MAX_FILTER_DEPTH + 1)}`;
  assert.match(failure(nots).message, /deeper than 50/);
});

test('input over 8 KB is refused before parsing', () => {
  const value = 'x'.repeat(8192);
  assert.match(failure(`a eq "${value}"`).message, /longer than 8192 bytes/);
  const ok = `a eq "${'x'.repeat(8000)}"`;
  assert.equal((parseFilter(ok) as { value: string }).value.length, 8000);
  assert.match(failure(`a eq "${'é'.repeat(4100)}"`).message, /8192 bytes/, 'bytes, not characters');
  const longChain = Array.from({ length: 400 }, (_, i) => `a${i} pr`).join(' and ');
  assert.equal(parseFilter(longChain).kind, 'and', 'long flat chains are fine');
});

test('equalityConjuncts: the eq comparisons of the top-level and chain', () => {
  const s = userSchema();
  assert.deepEqual(equalityConjuncts(parseFilter('userName eq "bjensen"', s)), [
    { path: { name: 'userName' }, value: 'bjensen' },
  ]);
  assert.deepEqual(
    equalityConjuncts(
      parseFilter(
        `externalId eq "701984" and (${ECMA_USER_SCHEMA_ID}:city eq "Paris" and active eq true) and title co "x"`,
        s,
      ),
    ),
    [
      { path: { name: 'externalId' }, value: '701984' },
      { path: { urn: ECMA_USER_SCHEMA_ID, name: 'city' }, value: 'Paris' },
      { path: { name: 'active' }, value: true },
    ],
  );
  assert.deepEqual(equalityConjuncts(parseFilter('userName eq "a" or userName eq "b"')), []);
  assert.deepEqual(equalityConjuncts(parseFilter('not (userName eq "a")')), []);
  assert.deepEqual(
    equalityConjuncts(parseFilter('emails[value eq "a@x"] and title eq null')),
    [],
    'value paths and null give nothing',
  );
});

test('lookupEqualities: what an index can answer, or undefined when a match could escape it', () => {
  const indexed = (p: { name: string }) => p.name === 'userName' || p.name === 'id';
  const of = (f: string) => lookupEqualities(parseFilter(f), indexed)?.map((e) => e.value);
  assert.deepEqual(of('userName eq "a"'), ['a']);
  assert.deepEqual(of('userName eq "a" or userName eq "b" or id eq "c"'), ['a', 'b', 'c']);
  assert.deepEqual(of('title eq "x" and userName eq "a"'), ['a'], 'one indexed equality of an and is enough');
  assert.deepEqual(of('(userName eq "a" or userName eq "b") and title eq "x"'), ['a', 'b']);
  assert.equal(of('userName eq "a" or title eq "x"'), undefined, 'a branch without an index');
  assert.equal(of('not (userName eq "a")'), undefined);
  assert.equal(of('userName ne "a"'), undefined);
  assert.equal(of('userName eq null'), undefined);
});
