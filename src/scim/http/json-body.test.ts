// Reading a SCIM request body: a parse error says where the body is wrong without quoting it (it may hold a password).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FerryError } from '../../errors/catalogue.ts';
import { parseJsonBody } from './json-body.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

function syntaxError(text: string): FerryError {
  try {
    parseJsonBody(bytes(text));
  } catch (e) {
    assert.ok(e instanceof FerryError);
    return e;
  }
  assert.fail('parsed');
}

test('a parse error does not quote the body, whatever V8 would have quoted', () => {
  for (const text of [
    '{"userName": "ann", "password": Tr0ub4dor&3}',
    '{"password": "Tr0ub4dor&3" x}',
    '{"password": "Tr0ub4dor&3"',
  ]) {
    const e = syntaxError(text);
    assert.equal(e.scimType, 'invalidSyntax');
    assert.equal(e.status, 400);
    assert.doesNotMatch(e.message, /r0ub4dor/, e.message);
    assert.match(e.message, /not valid JSON/);
  }
});

test('a parse error keeps the position when V8 gives one', () => {
  assert.match(syntaxError('{"a": 1,}').message, /position \d+/);
});
