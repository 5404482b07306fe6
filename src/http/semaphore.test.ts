// The concurrency semaphore's queue deadline: a waiter gives up at its deadline, or at once when recent hold
// times say the wait would be longer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { QueueTimeoutError, Semaphore } from './semaphore.ts';

test('a waiter gives up at its deadline and leaves the queue; one granted in time is not refused later', async () => {
  const s = new Semaphore(1);
  const held = await s.acquire();
  const t0 = performance.now();
  await assert.rejects(s.acquire(undefined, 30), QueueTimeoutError);
  assert.ok(performance.now() - t0 >= 25, 'it waited for its deadline first');
  assert.equal(s.waiting, 0);
  const inTime = s.acquire(undefined, 5000);
  held();
  const release = await inTime;
  await sleep(10);
  release();
  assert.equal(s.active, 0);
  assert.equal(s.waiting, 0);
});

test('when the hold times say the wait would exceed the deadline, the waiter is refused at once', async () => {
  const s = new Semaphore(1);
  assert.equal(s.expectedWaitMs(), 0);
  const first = await s.acquire();
  assert.equal(s.expectedWaitMs(), undefined, 'nothing to go by before a release');
  await sleep(60);
  first();
  const held = await s.acquire();
  const expected = s.expectedWaitMs() ?? 0;
  assert.ok(expected >= 50, `expected wait ${expected} ms`);
  let refusal: unknown;
  s.acquire(undefined, 20).catch((e: unknown) => {
    refusal = e;
  });
  // At once: settled within the microtasks of this turn, before any timer could run.
  await Promise.resolve();
  await Promise.resolve();
  assert.ok(refusal instanceof QueueTimeoutError, String(refusal));
  assert.ok(refusal.expectedWaitMs >= 50);
  assert.equal(s.waiting, 0);
  // A deadline longer than the expected wait queues as before.
  const later = s.acquire(undefined, 5000);
  assert.equal(s.waiting, 1);
  held();
  (await later)();
});
