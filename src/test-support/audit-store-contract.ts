// The behaviour every AuditLogStore backend must show, as a node:test suite a backend's test file runs.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AuditLogStore, AuditRecord } from '../space/audit-store.ts';

/** An audit store under test and how to dispose of it. */
export interface AuditStoreFixture {
  store: AuditLogStore;
  /** Closes the store and deletes its data. */
  cleanup(): Promise<void>;
}

/** A record numbered `i`, varied enough for every filter. */
function rec(i: number, over: Partial<AuditRecord> = {}): AuditRecord {
  return {
    time: `2030-01-01T00:00:${String(i).padStart(2, '0')}.000Z`,
    role: i % 4 === 0 ? 'readonly' : 'admin',
    actor: i % 2 ? 'aaaa11112222' : 'bbbb33334444',
    address: '127.0.0.1',
    via: i % 3 ? 'console' : 'admin',
    method: 'PUT',
    route: i % 2 ? '/connectors/:name/config' : '/reload',
    object: `conn${i % 3}`,
    result: i % 5 === 0 ? 'failure' : 'success',
    status: i % 5 === 0 ? 400 : 200,
    ...over,
  };
}

/** Runs the shared AuditLogStore contract suite against a backend. */
export function runAuditStoreContract(name: string, makeStore: () => Promise<AuditStoreFixture>): void {
  const withStore = (fn: (store: AuditLogStore) => Promise<void>) => async () => {
    const fx = await makeStore();
    try {
      await fn(fx.store);
    } finally {
      await fx.cleanup();
    }
  };

  describe(`AuditLogStore contract: ${name}`, () => {
    test(
      'append returns ascending ids; query is newest first with every field back',
      withStore(async (store) => {
        const before = { pageSize: 500, parameters: { apiKey: '***' } };
        const after = { pageSize: 250, parameters: { apiKey: '***' } };
        const a = await store.appendAudit(rec(1, { before, after, error: undefined }));
        const b = await store.appendAudit(rec(5, { error: 'refused' }));
        assert.ok(b > a);
        const all = await store.queryAudit({});
        assert.deepEqual(
          all.map((r) => r.id),
          [b, a],
        );
        assert.deepEqual(all[1], { id: a, ...rec(1, { before, after }) });
        assert.equal(all[0].error, 'refused');
        assert.equal(all[0].result, 'failure');
        assert.equal('before' in all[0], false);
      }),
    );

    test(
      'filters combine; limit and beforeId page',
      withStore(async (store) => {
        for (let i = 1; i <= 20; i++) await store.appendAudit(rec(i));
        const all = await store.queryAudit({ limit: 100 });
        assert.equal(all.length, 20);
        const check = async (q: Parameters<AuditLogStore['queryAudit']>[0], pred: (r: AuditRecord) => boolean) => {
          const got = await store.queryAudit({ ...q, limit: 100 });
          const want = all.filter(pred);
          assert.ok(want.length > 0, `query ${JSON.stringify(q)} should match something`);
          assert.deepEqual(got, want, JSON.stringify(q));
        };
        await check({ actor: 'aaaa11112222' }, (r) => r.actor === 'aaaa11112222');
        await check({ role: 'readonly' }, (r) => r.role === 'readonly');
        await check({ route: '/reload' }, (r) => r.route === '/reload');
        await check({ object: 'conn2' }, (r) => r.object === 'conn2');
        await check({ result: 'failure' }, (r) => r.result === 'failure');
        await check({ since: '2030-01-01T00:00:15.000Z' }, (r) => r.time >= '2030-01-01T00:00:15.000Z');
        await check({ until: '2030-01-01T00:00:03.000Z' }, (r) => r.time < '2030-01-01T00:00:03.000Z');
        await check(
          { object: 'conn1', result: 'success', route: '/connectors/:name/config' },
          (r) => r.object === 'conn1' && r.result === 'success' && r.route === '/connectors/:name/config',
        );
        const page1 = await store.queryAudit({ limit: 7 });
        const page2 = await store.queryAudit({ limit: 7, beforeId: page1[6].id });
        assert.deepEqual([...page1, ...page2], all.slice(0, 14));
      }),
    );

    test(
      'console sign-outs: kept until their session expires, a second sign-out of one id is one entry',
      withStore(async (store) => {
        const now = Date.now();
        assert.deepEqual(await store.revokedSessions(now), new Map());
        await store.revokeSession('s1', now + 60_000);
        await store.revokeSession('s2', now + 1_000);
        await store.revokeSession('s1', now + 60_000);
        assert.deepEqual(
          await store.revokedSessions(now),
          new Map([
            ['s1', now + 60_000],
            ['s2', now + 1_000],
          ]),
        );
        assert.deepEqual([...(await store.revokedSessions(now + 2_000)).keys()], ['s1'], 'an expired one says nothing');
      }),
    );
  });
}
