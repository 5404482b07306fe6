import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fillBuckets } from './activity.ts';

const row = (at: string, connector: string, success: number, avgMs: number, maxMs: number) => ({
  at,
  connector,
  success,
  failure: 1,
  skipped: 0,
  avgMs,
  maxMs,
  p50Ms: avgMs,
  p95Ms: maxMs,
});

test('every interval of the window is there, the gaps zero, the connectors added up', () => {
  const buckets = fillBuckets('2026-01-01T00:00:00Z', '2026-01-01T02:00:00Z', 1800, [
    row('2026-01-01T00:30:00Z', 'A', 3, 10, 40),
    row('2026-01-01T00:30:00Z', 'B', 0, 30, 90),
  ]);
  assert.equal(buckets.length, 4);
  assert.equal(buckets[0]!.success + buckets[0]!.failure, 0);
  const b = buckets[1]!;
  assert.equal(b.at, Date.parse('2026-01-01T00:30:00Z'));
  assert.equal(b.success, 3);
  assert.equal(b.failure, 2);
  // Weighted by operations: A had 4 at 10 ms, B 1 at 30 ms.
  assert.equal(b.avgMs, 14);
  assert.equal(b.maxMs, 90);
  assert.equal(b.p95Ms, 90, 'the worst connector: an upper bound');
});

test('a row at the very end of the window lands in the last interval', () => {
  const buckets = fillBuckets('2026-01-01T00:00:00Z', '2026-01-01T01:00:00Z', 1800, [
    row('2026-01-01T01:00:00Z', 'A', 1, 5, 5),
  ]);
  assert.equal(buckets[1]!.success, 1);
});
