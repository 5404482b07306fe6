import { test } from 'node:test';
import assert from 'node:assert/strict';
import { equalityFilter, parseTargetPath, readTargetValue, writeTargetValue } from './target-path.ts';
import { sameValue } from './value-equality.ts';

const EXT = 'urn:ietf:params:scim:schemas:extension:ECMA2Host:2.0:User';

test('ECMA extension names, core URN paths, dotted and filtered SCIM paths parse', () => {
  assert.deepEqual(parseTargetPath(`${EXT}:city`), {
    text: `${EXT}:city`,
    schema: EXT,
    attribute: 'city',
    select: undefined,
    sub: undefined,
  });
  assert.equal(parseTargetPath('urn:ietf:params:scim:schemas:core:2.0:User:userName').schema, undefined);
  assert.deepEqual(parseTargetPath('name.givenName'), {
    text: 'name.givenName',
    schema: undefined,
    attribute: 'name',
    select: undefined,
    sub: 'givenName',
  });
  const p = parseTargetPath('emails[type eq "work"].value');
  assert.deepEqual(p.select, { attribute: 'type', value: 'work' });
  assert.equal(p.sub, 'value');
  assert.deepEqual(parseTargetPath('roles[primary eq true].value').select, { attribute: 'primary', value: true });
  assert.equal(
    parseTargetPath('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value').sub,
    'value',
  );
  for (const bad of ['emails[type eq "work"', 'emails[type co "w"].value', '1bad', 'name.', 'emails[type eq "work"]x'])
    assert.throws(() => parseTargetPath(bad), Error, bad);
});

test('values are read case-insensitively, from extensions, sub-attributes and selected list elements', () => {
  const r = {
    userName: 'ADA',
    Name: { givenName: 'Ada' },
    emails: [
      { type: 'home', value: 'h@x' },
      { type: 'Work', value: 'w@x' },
    ],
    [EXT]: { city: 'London' },
  };
  assert.equal(readTargetValue(r, parseTargetPath('username')), 'ADA');
  assert.equal(readTargetValue(r, parseTargetPath('name.givenName')), 'Ada');
  assert.equal(readTargetValue(r, parseTargetPath('emails[type eq "work"].value')), 'w@x');
  assert.equal(readTargetValue(r, parseTargetPath('phoneNumbers[type eq "work"].value')), undefined);
  assert.equal(readTargetValue(r, parseTargetPath(`${EXT}:city`)), 'London');
  assert.equal(readTargetValue(r, parseTargetPath(`${EXT}:department`)), undefined);
});

test('a POST body is built from paths', () => {
  const body: Record<string, unknown> = {};
  writeTargetValue(body, parseTargetPath(`${EXT}:city`), 'Paris');
  writeTargetValue(body, parseTargetPath('name.familyName'), 'Lovelace');
  writeTargetValue(body, parseTargetPath('emails[type eq "work"].value'), 'w@x');
  writeTargetValue(body, parseTargetPath('emails[type eq "work"].primary'), true);
  writeTargetValue(body, parseTargetPath('userName'), 'ada');
  assert.deepEqual(body, {
    [EXT]: { city: 'Paris' },
    name: { familyName: 'Lovelace' },
    emails: [{ type: 'work', value: 'w@x', primary: true }],
    userName: 'ada',
  });
});

test('equality filters: plain, extension, and the RFC form for a selected element', () => {
  assert.equal(equalityFilter(parseTargetPath('userName'), 'a"b'), 'userName eq "a\\"b"');
  assert.equal(equalityFilter(parseTargetPath(`${EXT}:userName`), 'ADA'), `${EXT}:userName eq "ADA"`);
  assert.equal(
    equalityFilter(parseTargetPath('emails[type eq "work"].value'), 'w@x'),
    'emails[type eq "work" and value eq "w@x"]',
  );
  assert.equal(equalityFilter(parseTargetPath('externalId'), 42), 'externalId eq 42');
});

test('source text and typed target values compare as the same value', () => {
  assert.equal(sameValue('True', true), true);
  assert.equal(sameValue('false', true), false);
  assert.equal(sameValue('42', 42), true);
  assert.equal(sameValue('9999-12-31', '9999-12-31T00:00:00Z'), true);
  assert.equal(sameValue('1990-01-01', '9999-12-31'), false);
  assert.equal(sameValue('London', 'london'), false, 'a change of case flows');
  assert.equal(sameValue(null, undefined), true);
  assert.equal(sameValue(null, ''), true);
  assert.equal(sameValue('x', undefined), false);
  assert.equal(sameValue(['b', 'a'], ['a', 'b']), true);
  assert.equal(sameValue(['a'], ['a', 'b']), false);
});
