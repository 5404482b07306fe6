// When a full import's removals are held: over the count, or over the percentage once more than the minimum.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_DELETION_THRESHOLD as D, DeletionsHeldError, heldBecause } from './deletion-threshold.ts';

test('held over the count, or over the share of the space when more than the minimum would go', () => {
  assert.equal(heldBecause(0, 25, D), undefined);
  assert.equal(heldBecause(10, 25, D), undefined, 'at most the minimum: never held by the percentage');
  assert.match(heldBecause(25, 25, D) ?? '', /25 of 25 objects \(100%\)/);
  assert.equal(heldBecause(400, 100_000, D), undefined, '0.4%, under the count');
  assert.match(heldBecause(501, 100_000, D) ?? '', /more than the threshold of 500/);
  assert.match(heldBecause(1, 10, { count: 0, percent: 100, minimum: 0 }) ?? '', /threshold of 0/);
  assert.equal(heldBecause(1_000, 1_000, { count: 1_000_000, percent: 100, minimum: 0 }), undefined);
});

test('the error names every held type and what the operator can do', () => {
  const e = new DeletionsHeldError('HR', [
    { objectType: 'User', wouldRemove: 25, spaceSize: 25, reason: heldBecause(25, 25, D) ?? '' },
  ]);
  assert.match(e.message, /nothing was removed/);
  assert.match(e.message, /ferry import HR --allow-deletes/);
});
