import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evalError, value } from '../../test-support/expr.ts';

test('Append: the reference example', () => {
  assert.equal(
    value('Append([userPrincipalName], ".test")', { userPrincipalName: 'John.Doe@contoso.com' }),
    'John.Doe@contoso.com.test',
  );
  // "Generate user alias by concatenating parts of first and last name".
  assert.equal(
    value('Append(Mid([givenName], 1, 3), Mid([surname], 1, 5))', { givenName: 'John', surname: 'Doe' }),
    'JohDoe',
  );
});

test('Append: null source or suffix gives null; each value of a list; numbers and booleans as text', () => {
  assert.equal(value('Append([missing], ".test")'), null);
  assert.equal(value('Append("x", [missing])'), null);
  assert.deepEqual(value('Append([names], "!")', { names: ['a', 'b', null] }), ['a!', 'b!', null]);
  assert.equal(value('Append(12, True)'), '12True');
  assert.equal(value('Append("", "")'), '');
});

test('ConvertToBase64: UTF-16LE, as .NET Encoding.Unicode', () => {
  assert.equal(value('ConvertToBase64("Hello world!")'), 'SABlAGwAbABvACAAdwBvAHIAbABkACEA');
  assert.equal(value('ConvertToBase64("é😀")'), Buffer.from('é😀', 'utf16le').toString('base64'));
  assert.equal(value('ConvertToBase64("")'), '');
  assert.equal(value('ConvertToBase64([missing])'), null);
});

test('ConvertToUTF8Hex: upper-case hex of the UTF-8 bytes', () => {
  assert.equal(value('ConvertToUTF8Hex("Hello world!")'), '48656C6C6F20776F726C6421');
  assert.equal(value('ConvertToUTF8Hex("é")'), 'C3A9');
  assert.equal(value('ConvertToUTF8Hex([missing])'), null);
});

test('CStr: the reference example, and numbers, booleans, dates', () => {
  assert.equal(value('CStr([dn])', { dn: 'cn=Joe,dc=contoso,dc=com' }), 'cn=Joe,dc=contoso,dc=com');
  assert.equal(value('CStr(42)'), '42');
  assert.equal(value('CStr([n])', { n: 1.5 }), '1.5');
  assert.equal(value('CStr([b])', { b: true }), 'True');
  assert.equal(value('CStr(IsNull([x]))'), 'True');
  assert.equal(value('CStr(CDate("2021-08-25T17:41:18Z"))'), '8/25/2021 5:41:18 PM');
  assert.equal(value('CStr([missing])'), null);
});

test('InStr: the reference examples', () => {
  assert.equal(value('InStr("The quick brown fox","quick")'), 5);
  assert.equal(value('InStr("repEated","e",3,vbBinaryCompare)'), 7);
});

test('InStr: text compare, not found, start beyond, empty search, errors', () => {
  assert.equal(value('InStr("repEated","e",3,vbTextCompare)'), 4);
  assert.equal(value('InStr("repEated","e",3,"vbTextCompare")'), 4);
  assert.equal(value('InStr("repEated","E", , )'), 4);
  assert.equal(value('InStr("abc","z")'), 0);
  assert.equal(value('InStr("abc","a",4)'), 0);
  assert.equal(value('InStr("abc","",2)'), 2);
  assert.equal(value('InStr([missing],"a")'), null);
  assert.match(evalError('InStr("abc","a",0)').message, /InStr: start must be 1 or more/);
  assert.match(evalError('InStr("abc","a",1,"fuzzy")').message, /compareType must be vbBinaryCompare or vbTextCompare/);
});

test('Left: the reference example and its rules', () => {
  assert.equal(value('Left("John Doe", 3)'), 'Joh');
  assert.equal(value('Left("John Doe", 0)'), '');
  assert.equal(value('Left("John Doe", -1)'), 'John Doe');
  assert.equal(value('Left([missing], 3)'), '', 'a null string gives the empty string');
  assert.equal(value('Left("Jo", 30)'), 'Jo');
  assert.deepEqual(value('Left([l], 1)', { l: ['ab', 'cd'] }), ['a', 'c']);
});

test('Mid: 1-based start, length past the end', () => {
  assert.equal(value('Mid("John", 1, 3)'), 'Joh');
  assert.equal(value('Mid("John", 2, 100)'), 'ohn');
  assert.equal(value('Mid("John", 9, 1)'), '');
  assert.equal(value('Mid("John", 1, 0)'), '');
  assert.equal(value('Mid([missing], 1, 1)'), null);
  assert.match(evalError('Mid("John", 0, 1)').message, /Mid: start must be 1 or more/);
  assert.match(evalError('Mid("John", 1, -1)').message, /Mid: length must be 0 or more/);
  assert.match(evalError('Mid("John", "one", 1)').message, /Mid: start must be a number, not "one"/);
  assert.equal(value('Mid("John", "2", 2)'), 'oh', 'numeric text is a number');
});

test('NormalizeDiacritics: the reference example; lists; null', () => {
  assert.equal(value('NormalizeDiacritics([givenName])', { givenName: 'Zoë' }), 'Zoe');
  assert.equal(value('NormalizeDiacritics("Jéssica Smith")'), 'Jessica Smith');
  assert.deepEqual(value('NormalizeDiacritics([l])', { l: ['Ånström', 'Łódź'] }), ['Anstrom', 'Lodz']);
  assert.equal(value('NormalizeDiacritics([missing])'), null);
});

test('PCase: the reference examples', () => {
  assert.equal(value('PCase([firstName])', { firstName: 'PABLO GONSALVES (SECOND)' }), 'Pablo Gonsalves (Second)');
  assert.equal(value(`PCase([lastName]," '-")`, { lastName: "PINTO-DE'SILVA" }), "Pinto-De'Silva");
  assert.equal(
    value('PCase(Join(" ",[firstName],[lastName]))', { firstName: 'GREGORY', lastName: 'JAMES' }),
    'Gregory James',
  );
});

test("PCase: the default separators are .NET ToTitleCase's categories; an apostrophe stays inside a word", () => {
  assert.equal(value('PCase("jean-luc o\'neil_smith+jones")'), "Jean-Luc O'neil_Smith+Jones");
  assert.equal(value('PCase("«élodie» 3rd ÉCOLE")'), '«Élodie» 3Rd École');
  assert.equal(value('PCase("a,b;c.d")'), 'A,B;C.D');
  assert.equal(value('PCase("mary ann", "-")'), 'Mary ann', 'with separators given, only they separate');
  assert.equal(value('PCase([missing])'), null);
  assert.equal(value('PCase("x", [missing])'), 'X', 'a null separator list is the default');
});

test('StripSpaces: only the space character', () => {
  assert.equal(value('StripSpaces(" a b  c ")'), 'abc');
  assert.equal(value('StripSpaces("a\tb")'), 'a\tb');
  assert.equal(value('StripSpaces([missing])'), null);
});

test('ToLower and ToUpper: the reference example, invariant culture, optional culture', () => {
  assert.equal(
    value(
      'ToLower(Join("@", NormalizeDiacritics(StripSpaces(Join(".",  [PreferredFirstName], [PreferredLastName]))), "contoso.com"))',
      { PreferredFirstName: 'John', PreferredLastName: 'Smith' },
    ),
    'john.smith@contoso.com',
  );
  assert.equal(
    value('ToUpper(Word([userPrincipalName], 1, "@"), )', { userPrincipalName: 'john.doe@contoso.com' }),
    'JOHN.DOE',
  );
  assert.equal(value('ToUpper("straße")'), 'STRAßE', '.NET maps character by character: ß stays');
  assert.equal(value('ToUpper("istanbul")'), 'ISTANBUL');
  assert.equal(value('ToUpper("istanbul", "tr-TR")'), 'İSTANBUL');
  assert.equal(value('ToLower("ISTANBUL", "tr-TR")'), 'ıstanbul');
  assert.equal(value('ToLower("İ")'), 'İ', 'invariant: İ has no lower case');
  assert.equal(value('ToUpper("ı")'), 'ı', 'invariant: ı has no upper case');
  assert.equal(value('ToUpper("éàü ÿ")'), 'ÉÀÜ Ÿ');
  assert.equal(value('ToUpper("x", "en-US")'), 'X');
  assert.equal(value('ToUpper("x", [culture])'), 'X', 'a missing culture is the invariant culture');
  assert.equal(value('ToUpper([missing], )'), null);
  assert.deepEqual(value('ToLower([proxyAddresses])', { proxyAddresses: ['SMTP:A@B', 'smtp:C@D'] }), [
    'smtp:a@b',
    'smtp:c@d',
  ]);
});

test('Word: the reference examples and rules', () => {
  assert.equal(value('Word("The quick brown fox",3," ")'), 'brown');
  assert.equal(value('Word("This,string!has&many separators",3,",!&#")'), 'has');
  assert.equal(value('Word("The quick",0," ")'), '', 'number < 1');
  assert.equal(value('Word([missing],1," ")'), '', 'a null string gives the empty string');
  assert.equal(value('Word("The quick",3," ")'), '', 'fewer words than the number');
  assert.equal(value('Word("a  b",2," ")'), 'b', 'consecutive delimiters make no empty word');
  assert.equal(value('Word("abc",1,"")'), 'abc');
  assert.equal(value('Word("jo@contoso.com",2,"@")'), 'contoso.com');
});

test('unicode and very long values', () => {
  const long = 'é'.repeat(200_000);
  assert.equal((value('ToUpper([x])', { x: long }) as string).length, 200_000);
  assert.equal(value('Mid([x], 199999, 5)', { x: long }), 'éé');
  assert.equal(value('Left("😀x", 2)'), '😀', 'lengths count UTF-16 code units, as .NET strings do');
  assert.equal(value('Append("日本", "語")'), '日本語');
});
