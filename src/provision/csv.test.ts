import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CsvError, parseCsv } from './csv.ts';

const fields = (text: string, d?: string) => parseCsv(text, d).map((r) => r.fields);

test('plain rows with LF and CRLF line ends, final line end optional', () => {
  assert.deepEqual(fields('a,b\n1,2\n'), [
    ['a', 'b'],
    ['1', '2'],
  ]);
  assert.deepEqual(fields('a,b\r\n1,2\r\n3,4'), [
    ['a', 'b'],
    ['1', '2'],
    ['3', '4'],
  ]);
});

test('quoted fields: delimiters, doubled quotes and line breaks inside quotes', () => {
  const rows = parseCsv('name,title\r\n"Hopper, Grace","Director, ""Compilers"""\r\n"multi\r\nline",x\r\n');
  assert.deepEqual(
    rows.map((r) => r.fields),
    [
      ['name', 'title'],
      ['Hopper, Grace', 'Director, "Compilers"'],
      ['multi\r\nline', 'x'],
    ],
  );
  assert.deepEqual(
    rows.map((r) => r.line),
    [1, 2, 3],
  );
});

test('empty fields, trailing delimiter, blank lines skipped, BOM removed, other delimiter', () => {
  assert.deepEqual(fields('\uFEFFa,b,c\n1,,\n\n"",2,3\n'), [
    ['a', 'b', 'c'],
    ['1', '', ''],
    ['', '2', '3'],
  ]);
  assert.deepEqual(fields('a;b\n"x;y";z', ';'), [
    ['a', 'b'],
    ['x;y', 'z'],
  ]);
  assert.deepEqual(fields(''), []);
});

test('errors carry the line: unterminated quote, text after a closing quote', () => {
  assert.throws(
    () => parseCsv('a\n"open\n'),
    (e: unknown) => e instanceof CsvError && e.line === 2 && /unterminated/.test(e.message),
  );
  assert.throws(
    () => parseCsv('a,b\n1,2\n"x"y,3\n'),
    (e: unknown) => e instanceof CsvError && e.line === 3,
  );
});

test('rows after a quoted multi-line field keep their line numbers', () => {
  const rows = parseCsv('h\n"a\nb\nc"\nnext\n');
  assert.deepEqual(
    rows.map((r) => r.line),
    [1, 2, 5],
  );
});
