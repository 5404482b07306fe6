import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CachedCredential } from './cached-credential.ts';

function counter(ttlMs?: number, clock = { now: 0 }) {
  let n = 0;
  const cache = new CachedCredential(
    async () => {
      await new Promise((r) => setTimeout(r, 5));
      n++;
      return ttlMs === undefined ? { value: `c${n}` } : { value: `c${n}`, expiresAt: clock.now + ttlMs };
    },
    () => clock.now,
  );
  return { cache, calls: () => n, clock };
}

test('concurrent first calls share one fetch', async () => {
  const { cache, calls } = counter();
  const values = await Promise.all(Array.from({ length: 5 }, () => cache.get()));
  assert.deepEqual(new Set(values), new Set(['c1']));
  assert.equal(calls(), 1);
});

test('a refusal of an already replaced credential does not renew again', async () => {
  const { cache, calls } = counter();
  assert.equal(await cache.get(), 'c1');
  assert.equal(await cache.renew('c1'), 'c2');
  assert.equal(await cache.renew('c1'), 'c2', 'late 401 for c1: keep c2');
  assert.equal(calls(), 2);
  assert.equal(await cache.renew('c2'), 'c3');
});

test('concurrent renewals share one fetch', async () => {
  const { cache, calls } = counter();
  await cache.get();
  const values = await Promise.all(Array.from({ length: 5 }, () => cache.renew('c1')));
  assert.deepEqual(new Set(values), new Set(['c2']));
  assert.equal(calls(), 2);
});

test('an expired credential is fetched again; a failed fetch is not cached', async () => {
  const { cache, calls, clock } = counter(1000);
  await cache.get();
  clock.now = 999;
  await cache.get();
  assert.equal(calls(), 1);
  clock.now = 1000;
  assert.equal(await cache.get(), 'c2');
  let fail = true;
  const flaky = new CachedCredential(
    async () => {
      if (fail) throw new Error('down');
      return { value: 'ok' };
    },
    () => 0,
  );
  await assert.rejects(flaky.get(), /down/);
  fail = false;
  assert.equal(await flaky.get(), 'ok');
});
