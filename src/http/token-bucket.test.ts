import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TokenBucket } from './token-bucket.ts';
import { Semaphore } from './semaphore.ts';

test('the token bucket spaces starts 1/rate apart after the burst', async () => {
  const bucket = new TokenBucket(50, 2); // 20 ms apart, 2 back to back
  const t0 = performance.now();
  const times: number[] = [];
  await Promise.all(
    Array.from({ length: 6 }, async () => {
      await bucket.take();
      times.push(performance.now() - t0);
    }),
  );
  times.sort((a, b) => a - b);
  // The burst's two starts resolve in the same tick; the third waits for a timer (upper bounds on wall time would flake).
  assert.ok(times[1]! - times[0]! < 10 && times[2]! - times[1]! >= 10, `burst of two: ${times.join(', ')}`);
  assert.ok(times[5]! >= 75, `the sixth waits about 4 × 20 ms: ${times[5]}`);
});

test('an aborted wait rejects with the signal reason', async () => {
  const bucket = new TokenBucket(1);
  await bucket.take();
  const ac = new AbortController();
  const p = bucket.take(ac.signal);
  ac.abort(new Error('stop'));
  await assert.rejects(p, /stop/);
});

test('the semaphore hands slots over in order and drops aborted waiters', async () => {
  const s = new Semaphore(1);
  const r1 = await s.acquire();
  const order: number[] = [];
  const ac = new AbortController();
  const p2 = s.acquire(ac.signal).then((r) => {
    order.push(2);
    r();
  });
  const p3 = s.acquire().then((r) => {
    order.push(3);
    r();
  });
  ac.abort(new Error('gone'));
  await assert.rejects(p2, /gone/);
  assert.equal(s.waiting, 1);
  r1();
  r1(); // twice is harmless
  await p3;
  assert.deepEqual(order, [3]);
  assert.equal(s.active, 0);
});
