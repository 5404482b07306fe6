import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FerryError, scimError } from '../../errors/catalogue.ts';
import { tokenize } from './lexer.ts';

const lex = (text: string) => tokenize(text, scimError.invalidFilter).map((t) => [t.kind, t.text, t.pos]);

test('words stop at whitespace, brackets and quotes; URNs stay one word', () => {
  assert.deepEqual(lex('urn:a:b:2.0:User:city eq"x"'), [
    ['word', 'urn:a:b:2.0:User:city', 0],
    ['word', 'eq', 22],
    ['string', 'x', 24],
    ['eof', '', 27],
  ]);
  assert.deepEqual(
    lex('emails[type eq "w"].value').map((t) => t[1]),
    ['emails', '[', 'type', 'eq', 'w', ']', '.value', ''],
  );
  assert.deepEqual(
    lex('(a pr)').map((t) => t[0]),
    ['(', 'word', 'word', ')', 'eof'],
  );
});

test('strings decode every JSON escape', () => {
  const [t] = tokenize('"q\\" b\\\\ s\\/ \\b\\f\\n\\r\\t \\u00e9\\u20AC"', scimError.invalidFilter);
  assert.equal(t.kind, 'string');
  assert.equal(t.text, 'q" b\\ s/ \b\f\n\r\t é€');
  assert.equal(tokenize('""', scimError.invalidFilter)[0].text, '');
});

function failure(text: string): FerryError {
  try {
    tokenize(text, scimError.invalidFilter);
  } catch (e) {
    assert.ok(e instanceof FerryError);
    return e;
  }
  assert.fail(`no error for ${text}`);
}

test('malformed strings fail with invalidFilter and the position', () => {
  const open = failure('userName eq "abc');
  assert.equal(open.scimType, 'invalidFilter');
  assert.match(open.message, /Unterminated string.*position 13/);
  assert.match(failure('a eq "x\\"').message, /Unterminated/, 'an escaped quote does not close the string');
  assert.match(failure('a eq "\\q"').message, /Invalid escape '\\q'.*position 7/);
  assert.match(failure('a eq "\\u12G4"').message, /\\u escape.*position 7/);
  assert.match(failure('a eq "\\u12"').message, /\\u escape/);
});
