import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { LATENCY_BOUNDS_MS, latencyClass, latencyClassSql, percentileOf } from './latency-buckets.ts';

test('latency classes in JavaScript and in SQL agree, bounds inclusive', () => {
  const db = new Database(':memory:');
  const sql = db.prepare(`SELECT ${latencyClassSql('@ms')} AS c`);
  for (const ms of [0, 0.5, 1, 1.01, 2, 7, 10, 99.9, 100, 2500, 9999, 10000, 10001, 1e9]) {
    const c = latencyClass(ms);
    assert.equal((sql.get({ ms }) as { c: number }).c, c, `${ms} ms`);
    if (c < LATENCY_BOUNDS_MS.length) assert.ok(ms <= LATENCY_BOUNDS_MS[c]);
  }
  assert.equal(latencyClass(1e9), LATENCY_BOUNDS_MS.length);
  db.close();
});

test('a percentile is the upper bound of the class where its share is reached, at most the slowest', () => {
  assert.equal(percentileOf([], 0.95, 0), 0);
  assert.equal(percentileOf([90, 0, 0, 10], 0.5, 8), 1);
  assert.equal(percentileOf([90, 0, 0, 10], 0.95, 8), 8);
  assert.equal(percentileOf([90, 0, 0, 10], 0.9, 8), 1);
  const slow: number[] = [];
  slow[LATENCY_BOUNDS_MS.length] = 5;
  assert.equal(percentileOf(slow, 0.5, 42_000), 42_000);
});
