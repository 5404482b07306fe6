import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evalError, run, value } from '../../test-support/expr.ts';

test('BitAnd: the reference example with &H literals', () => {
  assert.equal(value('BitAnd(&HF, &HF7)'), 7);
  assert.equal(value('BitAnd([userAccountControl], 2)', { userAccountControl: 514 }), 2);
  assert.equal(value('BitAnd([userAccountControl], &H2)', { userAccountControl: '512' }), 0);
  assert.equal(value('BitAnd(&HFFFFFFFFFFFF, &HF0F0F0F0F0F0)'), 0xf0f0f0f0f0f0);
  assert.equal(value('BitAnd([missing], 1)'), null);
  assert.match(evalError('BitAnd("x", 1)').message, /BitAnd: value1 must be a number/);
});

test('CBool: the reference example, numbers and text', () => {
  assert.equal(value('CBool([attribute1] = [attribute2])', { attribute1: 'a', attribute2: 'a' }), true);
  assert.equal(value('CBool([attribute1] = [attribute2])', { attribute1: 'a', attribute2: 'b' }), false);
  assert.equal(value('CBool(5)'), true);
  assert.equal(value('CBool(0)'), false);
  assert.equal(value('CBool("true")'), true);
  assert.equal(value('CBool("False")'), false);
  assert.equal(
    value('CBool([attribute1] = [missing])', { attribute1: 'a' }),
    null,
    'a condition on a null attribute fails',
  );
  assert.match(evalError('CBool("maybe")').message, /CBool: Expression must be True or False/);
});

test('Coalesce: the reference example; "" is a value; the last argument as default', () => {
  assert.equal(
    value('Coalesce([mail],[userPrincipalName])', { mail: null, userPrincipalName: 'John.Doe@contoso.com' }),
    'John.Doe@contoso.com',
  );
  assert.equal(
    value('Coalesce([mail],[userPrincipalName])', { userPrincipalName: 'John.Doe@contoso.com' }),
    'John.Doe@contoso.com',
  );
  assert.equal(value('Coalesce([mail],[userPrincipalName])', { mail: 'm@x', userPrincipalName: 'u@x' }), 'm@x');
  assert.equal(value('Coalesce([a],[b],"default")'), 'default');
  assert.equal(value('Coalesce([a],[b],"")'), '');
  assert.equal(value('Coalesce([a],[b])'), null);
  assert.equal(value('Coalesce([a],"x")', { a: '' }), '', 'only null is skipped');
  assert.deepEqual(value('Coalesce([list],"x")', { list: ['1', '2'] }), ['1', '2']);
});

test('IgnoreFlowIfNullOrEmpty: the reference examples', () => {
  assert.deepEqual(run('IgnoreFlowIfNullOrEmpty([department])'), { kind: 'ignored' });
  assert.deepEqual(run('IgnoreFlowIfNullOrEmpty([department])', { department: '' }), { kind: 'ignored' });
  assert.deepEqual(run('IgnoreFlowIfNullOrEmpty([department])', { department: 'Sales' }), {
    kind: 'value',
    value: 'Sales',
  });
  const prefix = 'IgnoreFlowIfNullOrEmpty(Switch([prefix], "", "3443", "Dr.", "3444", "Prof.", "3445", "Prof. Dr."))';
  assert.deepEqual(run(prefix, { prefix: '9999' }), { kind: 'ignored' });
  assert.deepEqual(run(prefix, { prefix: '3444' }), { kind: 'value', value: 'Prof.' });
});

test('IgnoreFlowIfNullOrEmpty nested inside another function still drops the attribute', () => {
  assert.deepEqual(run('ToUpper(IgnoreFlowIfNullOrEmpty([department]))'), { kind: 'ignored' });
  assert.deepEqual(run('ToUpper(IgnoreFlowIfNullOrEmpty([department]))', { department: 'x' }), {
    kind: 'value',
    value: 'X',
  });
  assert.deepEqual(run('IgnoreFlowIfNullOrEmpty([l])', { l: [] }), { kind: 'ignored' });
});

test('IIF: the reference examples, AND and OR by nesting', () => {
  assert.equal(value('IIF([country]="USA",[country],[department])', { country: 'USA', department: 'Sales' }), 'USA');
  assert.equal(value('IIF([country]="USA",[country],[department])', { country: 'FR', department: 'Sales' }), 'Sales');
  const and = 'IIF([country]="USA",IIF([state]="CA","True","False"),"False")';
  assert.equal(value(and, { country: 'USA', state: 'CA' }), 'True');
  assert.equal(value(and, { country: 'USA', state: 'WA' }), 'False');
  const or = 'IIF([country]="USA","True",IIF([state]="CA","True","False"))';
  assert.equal(value(or, { country: 'FR', state: 'CA' }), 'True');
  assert.equal(value(or, { country: 'FR', state: 'WA' }), 'False');
  assert.equal(value('IIF([country]="FR","Bonjour","Hello")', { country: 'FR' }), 'Bonjour');
});

test("IIF: the reference's unsupported forms (a null attribute makes the condition fail: null)", () => {
  assert.equal(value('IIF([country]="","Other",[country])'), null);
  assert.equal(value('IIF(IsNullOrEmpty([country]),"Other",[country])'), null);
  assert.equal(value('IIF(IsPresent([country]),[country],"Other")'), null);
  // The recommended workaround.
  assert.equal(value('Switch([country],[country],"","Other")'), 'Other');
  assert.equal(value('Switch([country],[country],"","Other")', { country: 'FR' }), 'FR');
  assert.equal(value('Switch([country],[country],"","Other")', { country: '' }), 'Other');
});

test('IIF: comparisons of numbers, dates, booleans; case-sensitive text', () => {
  assert.equal(value('IIF([n] > 5, "big", "small")', { n: '10' }), 'big', 'a number on one side compares numerically');
  assert.equal(value('IIF([n] <= 5, "small", "big")', { n: 5 }), 'small');
  assert.equal(value('IIF([a] <> "x", "diff", "same")', { a: 'X' }), 'diff');
  assert.equal(value('IIF([a] = "x", "same", "diff")', { a: 'X' }), 'diff', 'case-sensitive, as Switch');
  assert.equal(value('IIF("b" > "a", 1, 2)'), 1);
  assert.equal(value('IIF([flag] = "True", 1, 2)', { flag: true }), 1);
  assert.equal(value('IIF([flag] = "true", 1, 2)', { flag: true }), 1, 'booleans compare as booleans');
  assert.equal(value('IIF(CDate("2021-01-01") < CDate("2021-06-01"), 1, 2)'), 1);
  assert.equal(value('IIF(CDate("2021-01-01") >= "2021-01-01T00:00:00Z", 1, 2)'), 1);
  assert.equal(value('IIF("true", 1, 2)'), 1, 'a condition may be the text True or False');
  assert.match(evalError('IIF("yes", 1, 2)').message, /IIF: condition must be True or False, not "yes"/);
});

test('IsNull, IsNullOrEmpty, IsPresent, IsString', () => {
  assert.equal(value('IsNull([displayName])'), true, 'absent');
  assert.equal(value('IsNull([displayName])', { displayName: '' }), false);
  assert.equal(value('IsNull([displayName])', { displayName: null }), true);
  assert.equal(value('IsNullOrEmpty([displayName])'), true);
  assert.equal(value('IsNullOrEmpty([displayName])', { displayName: '' }), true);
  assert.equal(value('IsNullOrEmpty([displayName])', { displayName: 'x' }), false);
  assert.equal(value('IsPresent([displayName])', { displayName: 'x' }), true);
  assert.equal(value('IsPresent([displayName])', { displayName: '' }), false);
  assert.equal(value('IsPresent([displayName])'), false);
  assert.equal(value('IsString([displayName])', { displayName: 'x' }), true);
  assert.equal(value('IsString([n])', { n: 3 }), false);
  assert.equal(value('IsString([missing])'), false);
  assert.equal(value('IsString(CStr(3))'), true);
});

test("IsPresent: the reference's Switch example evaluates", () => {
  const text =
    'Switch(IsPresent([directManager]),[directManager], IsPresent([skiplevelManager]),[skiplevelManager], IsPresent([director]),[director])';
  assert.equal(value(text, { directManager: 'dm', skiplevelManager: 'slm', director: 'dir' }), 'slm');
  assert.equal(value(text, { director: 'dir' }), null);
});

test('Not: True gives False, anything else True', () => {
  assert.equal(value('Not("True")'), false);
  assert.equal(value('Not("true")'), false);
  assert.equal(value('Not(True)'), false);
  assert.equal(value('Not("False")'), true);
  assert.equal(value('Not(IsNull([x]))'), false);
  assert.equal(value('Not([x])'), true);
  assert.equal(value('Not("other")'), true);
});

test('Switch: the reference example', () => {
  const text =
    'Switch([state], "Australia/Sydney", "NSW", "Australia/Sydney","QLD", "Australia/Brisbane", "SA", "Australia/Adelaide")';
  assert.equal(value(text, { state: 'QLD' }), 'Australia/Brisbane');
  assert.equal(value(text, { state: 'WA' }), 'Australia/Sydney');
});

test("Switch: case-sensitive, and the reference's ToLower and empty-key patterns", () => {
  assert.equal(value('Switch([s], "d", "QLD", "x")', { s: 'qld' }), 'd');
  const lower = 'Switch(ToLower([statusFlag]), "0", "true", "1", "false", "0")';
  for (const statusFlag of ['True', 'true', 'TRUE']) assert.equal(value(lower, { statusFlag }), '1');
  const empty = 'Switch([statusFlag], "Default Value", "true", "1", "", "0")';
  assert.equal(value(empty, { statusFlag: '' }), '0');
  assert.equal(value(empty), '0', 'a missing source matches the "" key');
  assert.equal(value(empty, { statusFlag: 'x' }), 'Default Value');
  assert.equal(value('Switch([BusinessTitle],[BusinessTitle],"","N/A")'), 'N/A');
  assert.equal(value('Switch(IsPresent([jobTitle]), "DefaultValue", "True", [jobTitle])', { jobTitle: 'Dev' }), 'Dev');
  assert.equal(value('Switch(IsPresent([jobTitle]), "DefaultValue", "True", [jobTitle])'), 'DefaultValue');
});

test("Switch: the seed's soft-delete mapping, with an empty default", () => {
  const text = 'Switch([IsSoftDeleted], , "False", "9999-12-31", "True", "1990-01-01")';
  assert.equal(value(text, { IsSoftDeleted: false }), '9999-12-31');
  assert.equal(value(text, { IsSoftDeleted: true }), '1990-01-01');
  assert.equal(value(text, { IsSoftDeleted: 'False' }), '9999-12-31');
  assert.equal(value(text, { issoftdeleted: 'True' }), '1990-01-01', 'attribute names are case-insensitive');
  assert.equal(value(text, { IsSoftDeleted: 'false' }), null, 'no key matches and the default is empty');
  assert.equal(value(text), null);
});

test('Switch: only the chosen value is evaluated', () => {
  assert.equal(value('Switch("a", Mid("x", 0, 1), "a", "ok")'), 'ok');
  assert.match(evalError('Switch("b", Mid("x", 0, 1), "a", "ok")').message, /Mid: start/);
});
