import { test } from 'node:test';
import assert from 'node:assert/strict';
import { linkTarget } from './link-header.ts';

test('finds rel="next" among several links (RFC 8288)', () => {
  const h =
    '<https://api.example/items?page=1>; rel="first", <https://api.example/items?page=3>; rel="next", <https://api.example/items?page=9>; rel=last';
  assert.equal(linkTarget(h, 'next'), 'https://api.example/items?page=3');
  assert.equal(linkTarget(h, 'last'), 'https://api.example/items?page=9');
  assert.equal(linkTarget(h, 'prev'), undefined);
});

test('rel lists, case, extra parameters and commas inside URLs', () => {
  assert.equal(linkTarget('</a?x=1,2>; title="a, b"; rel="prefetch NEXT"', 'next'), '/a?x=1,2');
  assert.equal(linkTarget('</p2>;rel=next', 'next'), '/p2');
  assert.equal(linkTarget(undefined, 'next'), undefined);
  assert.equal(linkTarget('garbage', 'next'), undefined);
});
