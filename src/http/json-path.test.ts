import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JsonPathError, parsePath, readPath } from './json-path.ts';

const doc = { a: { b: [{ c: 1 }, { c: 2 }] }, 'x.y': 'dotted', list: [10, 20, 30], n: null, z: 0 };

test('reads dotted paths with indexes', () => {
  assert.equal(readPath(doc, 'a.b[0].c'), 1);
  assert.equal(readPath(doc, 'a.b[1].c'), 2);
  assert.equal(readPath(doc, '$.a.b[1].c'), 2);
  assert.equal(readPath(doc, 'a.b.1.c'), 2);
  assert.equal(readPath(doc, 'list[-1]'), 30);
  assert.equal(readPath(doc, "['x.y']"), 'dotted');
  assert.equal(readPath(doc, '$["x.y"]'), 'dotted');
  assert.equal(readPath(doc, 'z'), 0);
});

test('the root is $ or the empty path', () => {
  assert.equal(readPath(doc, '$'), doc);
  assert.equal(readPath(doc, ''), doc);
  assert.deepEqual(readPath([1, 2], '$'), [1, 2]);
  assert.deepEqual(parsePath('$'), []);
});

test('missing steps give undefined, never throw', () => {
  assert.equal(readPath(doc, 'a.nope.c'), undefined);
  assert.equal(readPath(doc, 'n.c'), undefined);
  assert.equal(readPath(doc, 'list[7]'), undefined);
  assert.equal(readPath(doc, 'list.key'), undefined);
  assert.equal(readPath('text', 'a'), undefined);
  assert.equal(readPath(undefined, 'a'), undefined);
  assert.equal(readPath(doc, 'toString'), undefined, 'inherited properties are not data');
});

test('malformed paths fail loudly', () => {
  for (const bad of ['a..b', 'a[', 'a[x]', '$a', 'a.', "a['x]"]) {
    assert.throws(() => parsePath(bad), JsonPathError, bad);
  }
});
