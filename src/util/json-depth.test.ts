import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonDepthExceededAt } from './json-depth.ts';

test('nesting is counted across arrays and objects, not inside strings', () => {
  assert.equal(jsonDepthExceededAt('{"a":[{"b":1}]}', 3), -1);
  assert.equal(jsonDepthExceededAt('{"a":[{"b":[1]}]}', 3), 12);
  assert.equal(jsonDepthExceededAt('{"a":"[[[[[[\\"[[[["}', 2), -1);
  assert.equal(jsonDepthExceededAt(`${'['.repeat(5000)}${']'.repeat(5000)}`), 65);
  // Closing brackets free their level again: many shallow siblings are fine.
  assert.equal(jsonDepthExceededAt(`[${'[[1]],'.repeat(1000)}0]`, 3), -1);
});
