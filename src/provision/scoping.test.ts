import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ExprValue } from '../expr/types.ts';
import type { ScopingClauseConfig, ScopingOperator } from './mapping-file.ts';
import { compileClause, Scoping } from './scoping.ts';

const clause = (operator: ScopingOperator, value?: string | number | boolean): ((actual: ExprValue) => boolean) => {
  const c: ScopingClauseConfig = { attribute: 'a', operator, ...(value !== undefined ? { value } : {}) };
  return compileClause(c).test;
};

test('EQUALS and NOT EQUALS are exact and case-sensitive; empty values never pass', () => {
  const eq = clause('EQUALS', 'Sales');
  assert.equal(eq('Sales'), true);
  assert.equal(eq('sales'), false);
  assert.equal(eq(null), false);
  const ne = clause('NOT EQUALS', 'Sales');
  assert.equal(ne('sales'), true);
  assert.equal(ne('Sales'), false);
  assert.equal(ne(null), false, 'a scoping clause on an empty value is false');
  assert.equal(clause('EQUALS', 5)('5'), true);
  assert.equal(clause('EQUALS', 'True')(true), true, 'booleans compare as .NET renders them');
});

test('IS TRUE / IS FALSE read booleans and "true"/"false" text', () => {
  assert.equal(clause('IS TRUE')(true), true);
  assert.equal(clause('IS TRUE')('True'), true);
  assert.equal(clause('IS TRUE')(' true '), true);
  assert.equal(clause('IS TRUE')('yes'), false);
  assert.equal(clause('IS TRUE')(null), false);
  assert.equal(clause('IS FALSE')('FALSE'), true);
  assert.equal(clause('IS FALSE')(false), true);
  assert.equal(clause('IS FALSE')(null), false);
});

test('IS NULL / IS NOT NULL: null, empty text and empty lists are null', () => {
  for (const v of [null, '', []] as ExprValue[]) {
    assert.equal(clause('IS NULL')(v), true);
    assert.equal(clause('IS NOT NULL')(v), false);
  }
  assert.equal(clause('IS NULL')('x'), false);
  assert.equal(clause('IS NOT NULL')('x'), true);
  assert.equal(clause('IS NOT NULL')(['a']), true);
});

test('REGEX MATCH / NOT REGEX MATCH: unanchored, case-sensitive; NOT REGEX MATCH is false on empty', () => {
  const m = clause('REGEX MATCH', '.*\\@contoso.com');
  assert.equal(m('ada@contoso.com'), true);
  assert.equal(m('ada@fabrikam.com'), false);
  assert.equal(clause('REGEX MATCH', '([1-9][0-9])')('id 42'), true);
  assert.equal(clause('REGEX MATCH', 'abc')('ABC'), false);
  const n = clause('NOT REGEX MATCH', '.*\\@contoso.com');
  assert.equal(n('ada@fabrikam.com'), true);
  assert.equal(n('ada@contoso.com'), false);
  assert.equal(n(null), false);
  assert.throws(() => clause('REGEX MATCH', '(unclosed'), /invalid regular expression/);
});

test('Includes and ENDS_WITH are case-sensitive', () => {
  assert.equal(clause('Includes', 'gine')('Engineering'), true);
  assert.equal(clause('Includes', 'GINE')('Engineering'), false);
  assert.equal(clause('ENDS_WITH', '@contoso.com')('ada@contoso.com'), true);
  assert.equal(clause('ENDS_WITH', '@Contoso.com')('ada@contoso.com'), false);
  assert.equal(clause('ENDS_WITH', 'x')(null), false);
});

test('Greater_Than and Greater_Than_OR_EQUALS compare integers; other values are false', () => {
  const gt = clause('Greater_Than', 1000000);
  assert.equal(gt('1000001'), true);
  assert.equal(gt('1000000'), false);
  assert.equal(gt(2000000), true);
  assert.equal(gt('abc'), false);
  assert.equal(gt('1.5e9'), false);
  const ge = clause('Greater_Than_OR_EQUALS', '1000000');
  assert.equal(ge('1000000'), true);
  assert.equal(ge('999999'), false);
  assert.throws(() => clause('Greater_Than', 'ten'), /not an integer/);
});

test('& and !&: a bit test with integers, "occurs in the value" with text', () => {
  assert.equal(clause('&', 2)('514'), true, 'userAccountControl 514 has the ACCOUNTDISABLE bit');
  assert.equal(clause('&', 2)('512'), false);
  assert.equal(clause('!&', 2)('512'), true);
  assert.equal(clause('!&', 2)('514'), false);
  assert.equal(clause('&', 'Sales,Marketing')('Sales'), true);
  assert.equal(clause('&', 'Sales,Marketing')('Legal'), false);
  assert.equal(clause('!&', 'Sales,Marketing')('Legal'), true);
  assert.equal(clause('!&', 'x')(null), false);
});

test('multi-valued attributes are not filtered on', () => {
  assert.equal(clause('EQUALS', 'a')(['a']), false);
  assert.equal(clause('Includes', 'a')(['a', 'b']), false);
});

test('operators other than IS … need a value', () => {
  assert.throws(() => clause('EQUALS'), /needs a value/);
});

test('clauses of a filter are AND-ed, filters are OR-ed, attribute names ignore case; explain shows each clause', () => {
  const s = new Scoping([
    {
      title: 'Paris engineers',
      clauses: [
        { attribute: 'City', operator: 'EQUALS', value: 'Paris' },
        { attribute: 'department', operator: 'EQUALS', value: 'Engineering' },
      ],
    },
    { title: 'Contractors', clauses: [{ attribute: 'employeeType', operator: 'EQUALS', value: 'Contractor' }] },
  ]);
  assert.equal(s.inScope({ city: 'Paris', department: 'Engineering' }), true);
  assert.equal(s.inScope({ city: 'Paris', department: 'Sales' }), false);
  assert.equal(s.inScope({ city: 'Lyon', department: 'Sales', employeeType: 'Contractor' }), true);
  const ex = s.explain({ city: 'Paris', department: 'Sales' });
  assert.equal(ex.inScope, false);
  assert.deepEqual(
    ex.filters[0].clauses.map((c) => [c.attribute, c.actual, c.result]),
    [
      ['City', 'Paris', true],
      ['department', 'Sales', false],
    ],
  );
  assert.equal(new Scoping([]).inScope({}), true, 'no filter: everyone is in scope');
});
