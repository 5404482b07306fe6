import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { PostgresPools } from './postgres-pool.ts';
import { PostgresLocks } from './postgres-locks.ts';
import { InProcessLocks, type ObjectLocks } from './object-locks.ts';
import { SKIP_PG, TEST_DATABASE_URL, dropSchema, requirePostgres, testSchemaName } from '../test-support/postgres.ts';

/** Runs `n` overlapping holders of `keys(i)` on the given locks; returns the largest number inside at once per key. */
async function overlap(locks: ObjectLocks[], n: number, keys: (i: number) => string[]): Promise<number> {
  const inside = new Map<string, number>();
  let most = 0;
  await Promise.all(
    Array.from({ length: n }, (_, i) =>
      locks[i % locks.length].withLocks(keys(i), async () => {
        for (const k of keys(i)) {
          inside.set(k, (inside.get(k) ?? 0) + 1);
          most = Math.max(most, inside.get(k) ?? 0);
        }
        await sleep(5);
        for (const k of keys(i)) inside.set(k, (inside.get(k) ?? 1) - 1);
      }),
    ),
  );
  return most;
}

test('in-process locks: one holder per key at a time', async () => {
  assert.equal(await overlap([new InProcessLocks()], 10, () => ['a']), 1);
});

if (SKIP_PG) {
  test('PostgreSQL locks (skipped: FERRY_TEST_PG=skip)', (t) => t.skip());
} else {
  const schema = testSchemaName();
  let hosts: PostgresPools[] = [];
  before(async () => {
    await requirePostgres();
    // Two "hosts": pools of their own, as two processes would have.
    hosts = await Promise.all([0, 1].map(() => PostgresPools.open({ url: TEST_DATABASE_URL, schema })));
  });
  after(async () => {
    await Promise.all(hosts.map((p) => p.close()));
    await dropSchema(schema);
  });

  test('two hosts: one holder of a key at a time; overlapping key sets in any order do not deadlock', async () => {
    const locks = hosts.map((p) => new PostgresLocks(p));
    assert.equal(await overlap(locks, 12, () => ['obj-1']), 1);
    assert.equal(await overlap(locks, 12, (i) => (i % 2 ? ['x', 'y'] : ['y', 'x'])), 1);
  });

  test('different keys are held at once', async () => {
    const locks = hosts.map((p) => new PostgresLocks(p));
    const t0 = performance.now();
    await Promise.all(Array.from({ length: 8 }, (_, i) => locks[i % 2].withLocks([`k${i}`], () => sleep(200))));
    assert.ok(performance.now() - t0 < 1000, 'not one after the other');
  });

  test('a failed holder releases its lock; its error reaches the caller', async () => {
    const [a, b] = hosts.map((p) => new PostgresLocks(p));
    await assert.rejects(
      a.withLocks(['boom'], async () => {
        throw new Error('application refused');
      }),
      /application refused/,
    );
    assert.equal(await b.withLocks(['boom'], async () => 'free'), 'free');
  });
}
