import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evalError, syntaxError, value } from '../../test-support/expr.ts';

test('Replace example 1: oldValue and replacementValue', () => {
  const text = 'Replace([BusinessTitle],"Product Developer", , , "Software Engineer", , )';
  assert.equal(value(text, { BusinessTitle: 'Product Developer' }), 'Software Engineer');
  assert.equal(
    value(text, { BusinessTitle: 'Senior Product Developer, Product Developer' }),
    'Senior Software Engineer, Software Engineer',
    'every occurrence',
  );
  assert.equal(value(text, { BusinessTitle: 'product developer' }), 'product developer', 'case-sensitive');
});

test("Replace: strip a known domain name (the reference's Examples section)", () => {
  assert.equal(value('Replace([mail], "@contoso.com", , ,"", ,)', { mail: 'john.doe@contoso.com' }), 'john.doe');
});

test('Replace example 2: oldValue and template', () => {
  assert.equal(
    value('Replace([UserID],"<username>", , , , , "<username>@contoso.com")', { UserID: 'jsmith' }),
    'jsmith@contoso.com',
  );
});

test('Replace example 3: regexPattern and replacementValue with group names', () => {
  const phone = String.raw`Replace([telephoneNumber], , "\\+(?<isdCode>\\d* )(?<phoneNumber>\\d{10})", , "${'${phoneNumber}'}", , )`;
  assert.equal(value(phone, { telephoneNumber: '+91 9998887777' }), '9998887777');
  // The reference prints 19998887777, but "+" is not in the pattern's class: .NET (and this) keep it.
  assert.equal(
    value(String.raw`Replace([mobile], , "[()\\s-]+", , "", , )`, { mobile: '+1 (999) 888-7777' }),
    '+19998887777',
  );
});

test('Replace example 4: regexPattern, regexGroupName and replacementValue', () => {
  assert.equal(
    value(String.raw`Replace([AddressLineData], ,"(?<streetNumber>^\\d*)","streetNumber", "888", , )`, {
      AddressLineData: '545 Tremont Street',
    }),
    '888 Tremont Street',
  );
  assert.equal(
    value('Replace([userPrincipalName], , "(?<Suffix>@(.)*)", "Suffix", "", , )', {
      userPrincipalName: 'jsmith@contoso.com',
    }),
    'jsmith',
  );
});

test('Replace example 5: regexPattern, regexGroupName and replacementAttributeName', () => {
  const text = String.raw`Replace([telephoneNumber], , "\\+(?<isdCode>\\d* )(?<phoneNumber>\\d{10})", "phoneNumber" , , [mobile], )`;
  assert.equal(value(text, { telephoneNumber: '', mobile: '+91 8887779999' }), '8887779999');
  assert.equal(value(text, { mobile: '+91 8887779999' }), '8887779999', 'a missing source too');
  assert.equal(
    value(text, { telephoneNumber: '+1 5550001111', mobile: '+91 8887779999' }),
    '+1 5550001111',
    'a source with a value is returned',
  );
  assert.equal(value(text, { telephoneNumber: '', mobile: 'none' }), '', 'no match: the group is empty');
  assert.equal(value(text, { telephoneNumber: '' }), null);
});

test('Replace example 6: remove what a pattern matches', () => {
  assert.equal(value('Replace([mailNickname], , "[a-zA-Z_]*", , "", , )', { mailNickname: 'john_doe72' }), '72');
});

test('Replace: the reference\'s "generate an ID from the object ID" example', () => {
  // The reference's input GUID was anonymised after its output was computed; this is the GUID that output encodes.
  const text = 'Join("", 1000, Replace(ConvertToUTF8Hex([objectId]), , "[a-zA-Z_]*", , "", , ))';
  assert.equal(
    value(text, { objectId: 'd05e47b1-3909-445a-ba5e-ca60cbc0e4b4' }),
    '100064303565343762312333930392343435612626135652636136306362633065346234',
  );
});

test('Replace: .NET substitutions', () => {
  assert.equal(value('Replace("John Smith", , "(\\w+) (\\w+)", , "$2, $1", , )'), 'Smith, John');
  assert.equal(
    value('Replace("John Smith", , "(?<first>\\w+) (?<last>\\w+)", , "${last} ${first} $$ $& [$0]", , )'),
    'Smith John $ John Smith [John Smith]',
  );
  assert.equal(value('Replace("ab", , "b", , "[$`|$\'|$_]", , )'), 'a[a||ab]');
  assert.equal(value('Replace("ab", , "b", , "$9 ${nope}", , )'), 'a$9 ${nope}', 'unknown groups stay as written');
  assert.equal(value('Replace("aaa", , "a*", , "x", , )'), 'xx', 'empty matches as .NET finds them');
  assert.equal(value('Replace("ABC", , "(?i)b", , "-", , )'), 'A-C', 'leading inline options');
  assert.equal(value('Replace("Zoë", , "\\p{L}", , "L", , )'), 'LLL', 'Unicode categories');
});

test('Replace: null arguments, multi-valued source, errors', () => {
  assert.equal(value('Replace([missing], "a", , , "b", , )'), null);
  assert.equal(value('Replace("abc", [missing], , , "b", , )'), null);
  assert.deepEqual(value('Replace([l], "@old.com", , , "@new.com", , )', { l: ['a@old.com', 'b@old.com'] }), [
    'a@new.com',
    'b@new.com',
  ]);
  assert.equal(value('Replace("abc", "", , , "x", , )'), 'abc', 'an empty oldValue replaces nothing');
  assert.match(
    evalError('Replace("abc", , [p], , "x", , )', { p: '(' }).message,
    /^Replace: invalid regular expression "\("/,
  );
});

test('Replace: argument combinations are checked at load time', () => {
  const none = syntaxError('Replace([a], "x", , , , , )');
  assert.equal(none.position, 0);
  assert.match(none.message, /Replace needs oldValue with replacementValue or template/);
  assert.match(syntaxError('Replace([a])').message, /Replace needs/);
  assert.equal(syntaxError('Replace(, "x", , , "y", , )').position, 8);
  const bad = syntaxError('Replace([a], , "(unclosed", , "", , )');
  assert.equal(bad.position, 15);
  assert.match(bad.message, /invalid regular expression/);
  const group = syntaxError('Replace([a], , "(?<g>x)", "h", "", , )');
  assert.equal(group.position, 26);
  assert.match(group.message, /regexPattern has no group named "h"/);
  assert.match(syntaxError('Replace(1,2,3,4,5,6,7,8)').message, /Replace takes 1 to 7 arguments, not 8/);
});
