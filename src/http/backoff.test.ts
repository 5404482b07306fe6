import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffDelay } from './backoff.ts';

test('full jitter stays within [0, min(max, base × 2^(n-1)))', () => {
  const almostOne = () => 0.999999;
  assert.equal(
    backoffDelay(1, 200, 20000, () => 0),
    0,
  );
  assert.equal(backoffDelay(1, 200, 20000, almostOne), 199);
  assert.equal(backoffDelay(2, 200, 20000, almostOne), 399);
  assert.equal(backoffDelay(4, 200, 20000, almostOne), 1599);
  assert.equal(backoffDelay(20, 200, 20000, almostOne), 19999, 'capped by maxDelayMs');
  for (let n = 1; n <= 12; n++) {
    for (let i = 0; i < 200; i++) {
      const d = backoffDelay(n, 100, 5000);
      assert.ok(d >= 0 && d < Math.min(5000, 100 * 2 ** (n - 1)), `retry ${n}: ${d}`);
    }
  }
});

test('jitter spreads retries over the window', () => {
  const seen = new Set<number>();
  for (let i = 0; i < 100; i++) seen.add(Math.floor(backoffDelay(5, 100, 100000) / 160));
  assert.ok(seen.size >= 6, 'uses most of the 0..1600 ms window');
});
