import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { PostgresPools } from './postgres-pool.ts';
import { PostgresLeases } from './postgres-leases.ts';
import { PostgresHostRegistry } from './postgres-hosts.ts';
import { SKIP_PG, TEST_DATABASE_URL, dropSchema, requirePostgres, testSchemaName } from '../test-support/postgres.ts';

const schema = testSchemaName();
let pools: PostgresPools;

if (SKIP_PG) {
  test('PostgreSQL leases (skipped: FERRY_TEST_PG=skip)', (t) => t.skip());
} else {
  before(async () => {
    await requirePostgres();
    pools = await PostgresPools.open({ url: TEST_DATABASE_URL, schema });
  });
  after(async () => {
    await pools.close();
    await dropSchema(schema);
  });

  test('one host at a time runs leased work; done work is not due again within its period', async () => {
    const a = new PostgresLeases(pools, 'host-a');
    const b = new PostgresLeases(pools, 'host-b');
    let release!: () => void;
    const running = a.runIfDue('import:one', 60_000, async (_signal, token) => {
      assert.ok(token > 0);
      assert.deepEqual(await a.held(), ['import:one']);
      await new Promise<void>((r) => (release = r));
      return 'a';
    });
    await sleep(50);
    assert.deepEqual(await b.runIfDue('import:one', 60_000, async () => 'b'), { ran: false }, 'held by a');
    release();
    assert.deepEqual(await running, { ran: true, value: 'a' });
    assert.deepEqual(await b.runIfDue('import:one', 60_000, async () => 'b'), { ran: false }, 'not due yet');
    assert.deepEqual(await b.runIfDue('import:two', 60_000, async () => 'b'), { ran: true, value: 'b' });
  });

  test('a holder whose heartbeat stopped loses the lease: another host takes it with a higher fencing token', async () => {
    // a renews far too late (as a host that froze or died would): its lease expires after 300 ms.
    const a = new PostgresLeases(pools, 'host-a', { ttlMs: 300, heartbeatMs: 1000 });
    const b = new PostgresLeases(pools, 'host-b', { ttlMs: 300, heartbeatMs: 100 });
    let tokenA = 0;
    let lostA: AbortSignal | undefined;
    const aRun = a.runIfDue('import:dead', 60_000, async (signal, token) => {
      tokenA = token;
      lostA = signal;
      // Unfinished work: it only ends when its lease is lost.
      await new Promise((r) => signal.addEventListener('abort', r));
      throw new Error('abandoned');
    });
    await sleep(100);
    assert.deepEqual(await b.runIfDue('import:dead', 60_000, async () => 'early'), { ran: false });
    await sleep(350);
    const taken = await b.runIfDue('import:dead', 60_000, async (_s, token) => token);
    assert.ok(taken.ran && taken.value > tokenA, 'a new holder, a higher token');
    await assert.rejects(aRun, /abandoned/);
    assert.equal(lostA?.aborted, true, "a's heartbeat found its lease gone");
    assert.match(String((lostA?.reason as Error | undefined)?.message), /lease "import:dead" passed to another host/);
    // a's failure released nothing of b's: the work stays done (not due).
    assert.deepEqual(await a.runIfDue('import:dead', 60_000, async () => 'again'), { ran: false });
  });

  test('work a stopping host abandons is due at once for another host', async () => {
    const a = new PostgresLeases(pools, 'host-a');
    const b = new PostgresLeases(pools, 'host-b');
    const stopping = new AbortController();
    await assert.rejects(
      a.runIfDue(
        'import:stop',
        60_000,
        async () => {
          stopping.abort();
          throw new Error('host stopping');
        },
        stopping.signal,
      ),
    );
    assert.deepEqual(await b.runIfDue('import:stop', 60_000, async () => 'b'), { ran: true, value: 'b' });
  });

  test('the hosts table lists live hosts with their leases, and forgets a host that stops', async () => {
    const one = new PostgresHostRegistry(pools, 'h1', '1.0.0', 100);
    const two = new PostgresHostRegistry(pools, 'h2', '1.0.0', 100);
    await one.start('https://h1:8585');
    await two.start(null);
    const leases = new PostgresLeases(pools, 'h2');
    await leases.runIfDue('import:listed', undefined, async () => {
      const hosts = await one.list();
      const ids = hosts.map((h) => h.id);
      assert.ok(ids.includes('h1') && ids.includes('h2'));
      const h2 = hosts.find((h) => h.id === 'h2');
      assert.deepEqual(h2?.leases, ['import:listed']);
      assert.equal(h2?.alive, true);
      assert.equal(hosts.find((h) => h.id === 'h1')?.address, 'https://h1:8585');
    });
    await sleep(250);
    assert.equal(one.snapshot().store, 'ok');
    assert.ok(one.snapshot().hosts.some((h) => h.id === 'h2'));
    await two.stop();
    assert.ok(!(await one.list()).some((h) => h.id === 'h2'));
    await one.stop();
  });
}

if (!SKIP_PG) {
  test('claimNow takes a free lease whether due or not, names the holder otherwise, and keeps the schedule', async () => {
    const a = new PostgresLeases(pools, 'host-a');
    const b = new PostgresLeases(pools, 'host-b');
    assert.deepEqual(await a.runIfDue('import:manual', 60_000, async () => 'scheduled'), {
      ran: true,
      value: 'scheduled',
    });
    let release!: () => void;
    const claimed = await b.claimNow('import:manual');
    assert.ok('lease' in claimed, 'free though not due');
    const running = claimed.lease.run(async () => {
      await new Promise<void>((r) => (release = r));
      return 'manual';
    });
    assert.deepEqual(await a.claimNow('import:manual'), { holder: 'host-b' });
    assert.deepEqual(await a.runIfDue('import:manual', 60_000, async () => 'x'), { ran: false });
    release();
    assert.equal(await running, 'manual');
    assert.deepEqual(await b.runIfDue('import:manual', 60_000, async () => 'x'), { ran: false }, 'still not due');
    assert.ok('lease' in (await a.claimNow('import:manual')), 'freed');
  });
}
