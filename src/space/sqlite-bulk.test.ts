import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rowCounts } from './sqlite-bulk.ts';

test('rowCounts: whole chunks, then powers of two; every row once', () => {
  assert.deepEqual(rowCounts(0, 50), []);
  assert.deepEqual(rowCounts(50, 50), [50]);
  assert.deepEqual(rowCounts(123, 50), [50, 50, 16, 4, 2, 1]);
  assert.deepEqual(rowCounts(1237, 500), [500, 500, 128, 64, 32, 8, 4, 1]);
  const sizes = new Set<number>();
  for (let n = 0; n <= 2000; n++) {
    const counts = rowCounts(n, 500);
    assert.equal(
      counts.reduce((a, b) => a + b, 0),
      n,
    );
    for (const c of counts) sizes.add(c);
  }
  // The statements a writer may ever prepare for index rows: the chunk and nine powers of two.
  assert.deepEqual(
    [...sizes].sort((a, b) => a - b),
    [1, 2, 4, 8, 16, 32, 64, 128, 256, 500],
  );
});
