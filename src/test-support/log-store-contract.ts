// The behaviour every ProvisioningLogStore backend must show, as a node:test suite a backend's test file runs.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LogActivityReader } from '../space/log-activity.ts';
import type { ProvisioningLogStore, ProvisioningRecord } from '../space/log-store.ts';

/** A log store under test and how to dispose of it. */
export interface LogStoreFixture {
  store: ProvisioningLogStore;
  /** Closes the (latest) store and deletes its data. */
  cleanup(): Promise<void>;
  /** Opens a new store over the same data, after the suite closed `store`; without it that test is skipped. */
  reopen?(): Promise<ProvisioningLogStore>;
  /** A reader of the dashboard's activity over the same data; without it the dashboard test is skipped. */
  activity?(): LogActivityReader & { close?(): void };
}

/** A record at the given time with the fields every record has. */
function at(time: string): ProvisioningRecord {
  return { time, connector: 'c', objectType: 'User', action: 'get', status: 'success', durationMs: 1 };
}

/** A record of connector `connector` at `time` with a result and a duration. */
function timed(time: string, connector: string, status: ProvisioningRecord['status'], ms: number): ProvisioningRecord {
  return { time, connector, objectType: 'User', action: 'create', status, durationMs: ms };
}

/** Runs the shared ProvisioningLogStore contract suite against a backend. */
export function runLogStoreContract(name: string, makeStore: () => Promise<LogStoreFixture>): void {
  /** Runs a test body with a fresh store, always cleaning up. */
  const withStore = (fn: (store: ProvisioningLogStore) => Promise<void>) => async () => {
    const fx = await makeStore();
    try {
      await fn(fx.store);
    } finally {
      await fx.cleanup();
    }
  };

  describe(`ProvisioningLogStore contract: ${name}`, () => {
    test(
      'provisioning log: append, filters, newest first, limit, beforeId',
      withStore(async (store) => {
        const rec = (i: number, over: Partial<ProvisioningRecord> = {}): ProvisioningRecord => ({
          time: `2030-01-01T00:00:${String(i).padStart(2, '0')}.000Z`,
          connector: i % 2 ? 'hr' : 'crm',
          objectType: 'User',
          object: `obj${i % 3}`,
          action: i % 4 === 0 ? 'delete' : 'create',
          status: i % 5 === 0 ? 'failure' : 'success',
          durationMs: i + 0.5,
          ...over,
        });
        await store.appendLog([]);
        await store.appendLog(Array.from({ length: 10 }, (_, i) => rec(i + 1)));
        await store.appendLog([
          rec(11, {
            steps: [{ name: 'export', durationMs: 3, detail: 'POST /users' }],
            error: { code: 'target_unavailable', message: 'down', recommendation: 'retry' },
            requestId: 'req-11',
          }),
        ]);
        const all = await store.queryLog({});
        assert.equal(all.length, 11);
        assert.deepEqual(
          all.map((r) => r.time.slice(-6, -5)),
          ['1', '0', '9', '8', '7', '6', '5', '4', '3', '2', '1'],
        );
        const ids = all.map((r) => r.id!);
        assert.ok(
          ids.every((id, i) => i === 0 || id < ids[i - 1]!),
          'ids descend',
        );
        const newest = all[0]!;
        assert.deepEqual(newest.steps, [{ name: 'export', durationMs: 3, detail: 'POST /users' }]);
        assert.deepEqual(newest.error, { code: 'target_unavailable', message: 'down', recommendation: 'retry' });
        assert.equal(newest.requestId, 'req-11');
        assert.equal(newest.durationMs, 11.5);
        const { id: _id, ...plain } = all[1]!;
        assert.deepEqual(plain, rec(10), 'absent optional fields stay absent');

        assert.deepEqual(
          (await store.queryLog({ connector: 'hr' })).map((r) => r.durationMs),
          [11.5, 9.5, 7.5, 5.5, 3.5, 1.5],
        );
        assert.deepEqual(
          (await store.queryLog({ object: 'obj0' })).map((r) => r.durationMs),
          [9.5, 6.5, 3.5],
        );
        assert.deepEqual(
          (await store.queryLog({ status: 'failure' })).map((r) => r.durationMs),
          [10.5, 5.5],
        );
        assert.deepEqual(
          (await store.queryLog({ action: 'delete' })).map((r) => r.durationMs),
          [8.5, 4.5],
        );
        assert.deepEqual(
          (await store.queryLog({ since: '2030-01-01T00:00:09.000Z' })).map((r) => r.durationMs),
          [11.5, 10.5, 9.5],
        );
        assert.deepEqual(
          (await store.queryLog({ since: '2030-01-01T00:00:03.000Z', until: '2030-01-01T00:00:06.000Z' })).map(
            (r) => r.durationMs,
          ),
          [5.5, 4.5, 3.5],
          'until is exclusive',
        );
        assert.deepEqual(
          (await store.queryLog({ until: '2030-01-01T00:00:02.000Z', connector: 'hr' })).map((r) => r.durationMs),
          [1.5],
        );
        assert.deepEqual(
          (await store.queryLog({ connector: 'hr', status: 'failure' })).map((r) => r.durationMs),
          [5.5],
        );
        assert.deepEqual(
          (await store.queryLog({ limit: 2 })).map((r) => r.durationMs),
          [11.5, 10.5],
        );
        const page2 = await store.queryLog({ limit: 3, beforeId: ids[1] });
        assert.deepEqual(
          page2.map((r) => r.id),
          ids.slice(2, 5),
        );
        assert.deepEqual(await store.queryLog({ connector: 'nobody' }), []);
      }),
    );

    test(
      'pruneLog deletes records older than the given time; ids are not reused',
      withStore(async (store) => {
        await store.appendLog([
          at('2030-01-01T00:00:00.000Z'),
          at('2030-01-02T00:00:00.000Z'),
          at('2030-01-03T00:00:00.000Z'),
        ]);
        assert.equal(await store.pruneLog('2030-01-02T00:00:00.000Z'), 1);
        assert.deepEqual(
          (await store.queryLog({})).map((r) => r.time.slice(0, 10)),
          ['2030-01-03', '2030-01-02'],
        );
        const [newest] = await store.queryLog({ limit: 1 });
        assert.equal(await store.pruneLog('2031-01-01T00:00:00.000Z'), 2);
        await store.appendLog([at('2030-01-04T00:00:00.000Z')]);
        const [after] = await store.queryLog({});
        assert.ok(after?.id !== undefined && newest?.id !== undefined && after.id > newest.id, 'a fresh id');
      }),
    );

    test('dashboard: activity and latency percentiles per bucket follow appends and prunes', async (t) => {
      const fx = await makeStore();
      if (!fx.activity) {
        await fx.cleanup();
        t.skip('the backend keeps no per-minute activity');
        return;
      }
      const reader = fx.activity();
      try {
        const { store } = fx;
        await store.appendLog([
          timed('2030-01-01T00:00:10.000Z', 'a', 'success', 10),
          timed('2030-01-01T00:00:50.000Z', 'a', 'failure', 30),
          timed('2030-01-01T00:01:10.000Z', 'a', 'success', 2),
          timed('2030-01-01T00:07:00.000Z', 'b', 'skipped', 1),
        ]);
        await store.appendLog([timed('2030-01-01T00:01:20.000Z', 'a', 'success', 40)]);
        const from = new Date('2030-01-01T00:00:00.000Z');
        const to = new Date('2030-01-01T00:10:00.000Z');
        const b = { at: '2030-01-01T00:05:00.000Z', connector: 'b', success: 0, failure: 0, skipped: 1 };
        const want = [
          // Durations 10, 30, 2 and 40 ms: the median's class ends at 10 ms, the 95th's at 50 ms (the slowest is 40).
          {
            at: from.toISOString(),
            connector: 'a',
            success: 3,
            failure: 1,
            skipped: 0,
            avgMs: 20.5,
            maxMs: 40,
            p50Ms: 10,
            p95Ms: 40,
          },
          { ...b, avgMs: 1, maxMs: 1, p50Ms: 1, p95Ms: 1 },
        ];
        assert.deepEqual(await reader.activity(from, to, 300), want);
        assert.equal((await reader.activity(from, to, 60)).length, 3);
        assert.deepEqual(await reader.activity(to, new Date('2030-01-01T01:00:00.000Z'), 300), [], 'nothing later');

        await store.pruneLog('2030-01-01T00:05:00.000Z');
        assert.deepEqual(await reader.activity(from, to, 300), [want[1]]);
        // Appends to a minute that has rows add to them.
        await store.appendLog([timed('2030-01-01T00:07:30.000Z', 'b', 'success', 3)]);
        assert.deepEqual(await reader.activity(from, to, 300), [
          { ...b, success: 1, avgMs: 2, maxMs: 3, p50Ms: 1, p95Ms: 3 },
        ]);
      } finally {
        reader.close?.();
        await fx.cleanup();
      }
    });

    test('records survive closing and reopening', async (t) => {
      const fx = await makeStore();
      if (!fx.reopen) {
        await fx.cleanup();
        t.skip('the backend keeps no data across opens');
        return;
      }
      try {
        await fx.store.appendLog([{ ...at('2030-01-01T00:00:00.000Z'), requestId: 'r1' }]);
        await fx.store.close();
        const store = await fx.reopen();
        assert.deepEqual(
          (await store.queryLog({})).map((r) => r.requestId),
          ['r1'],
        );
      } finally {
        await fx.cleanup();
      }
    });
  });
}
