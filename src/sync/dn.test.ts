// DNs: escaping of RFC 4514 special characters, templates with attributes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildDn, escapeDnValue } from './dn.ts';

test('escapeDnValue escapes specials and leading/trailing spaces and #, and leaves plain values alone', () => {
  assert.equal(escapeDnValue('jdoe'), 'jdoe');
  assert.equal(escapeDnValue('Doe, John'), 'Doe\\, John');
  assert.equal(escapeDnValue('a+b=c;d<e>"f"\\g'), 'a\\+b\\=c\\;d\\<e\\>\\"f\\"\\\\g');
  assert.equal(escapeDnValue(' lead'), '\\ lead');
  assert.equal(escapeDnValue('#hash'), '\\#hash');
  assert.equal(escapeDnValue('trail '), 'trail\\ ');
  assert.equal(escapeDnValue('in between'), 'in between');
});

test('buildDn fills {anchor} and attribute placeholders', () => {
  assert.equal(buildDn('CN={anchor},OBJECT=USER', 'a,b', {}), 'CN=a\\,b,OBJECT=USER');
  assert.equal(buildDn('UID={login},OU={dept}', 'x', { login: 'ann', dept: ['Sales', 'X'] }), 'UID=ann,OU=Sales');
});
