import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { PostgresPools } from './postgres-pool.ts';
import { PostgresSpaceStore } from './postgres-store.ts';
import { PG_SCHEMA_VERSION } from './postgres-schema.ts';
import { runSpaceStoreContract, type StoreFixture } from '../test-support/store-contract.ts';
import { runLogStoreContract } from '../test-support/log-store-contract.ts';
import { runAuditStoreContract } from '../test-support/audit-store-contract.ts';
import { PostgresAuditStore } from './postgres-audit-store.ts';
import { PostgresLogActivity } from './postgres-log-activity.ts';
import { SKIP_PG, TEST_DATABASE_URL, dropSchema, requirePostgres, testSchemaName } from '../test-support/postgres.ts';

const schemas: string[] = [];

/** A store in a fresh schema of its own; cleanup drops it. */
async function fixture(): Promise<StoreFixture & { store: PostgresSpaceStore; reopen(): Promise<PostgresSpaceStore> }> {
  const schema = testSchemaName();
  schemas.push(schema);
  const open = async () => new PostgresSpaceStore(await PostgresPools.open({ url: TEST_DATABASE_URL, schema }));
  let current = await open();
  return {
    store: current,
    reopen: async () => (current = await open()),
    cleanup: async () => {
      await current.close();
      await dropSchema(schema);
    },
  };
}

if (SKIP_PG) {
  test('PostgreSQL store (skipped: FERRY_TEST_PG=skip)', (t) => t.skip());
} else {
  before(requirePostgres);
  after(async () => {
    for (const s of schemas) await dropSchema(s).catch(() => undefined);
  });

  runSpaceStoreContract('PostgreSQL', fixture);
  runLogStoreContract('PostgreSQL', async () => {
    const fx = await fixture();
    return { ...fx, activity: () => new PostgresLogActivity(fx.store.pools) };
  });
  runAuditStoreContract('PostgreSQL', async () => {
    const fx = await fixture();
    return { store: new PostgresAuditStore(fx.store.pools), cleanup: fx.cleanup };
  });

  test('several hosts migrating one schema at once apply each migration once', async () => {
    const schema = testSchemaName();
    schemas.push(schema);
    const pools = await Promise.all(
      Array.from({ length: 4 }, () => PostgresPools.open({ url: TEST_DATABASE_URL, schema })),
    );
    try {
      const { rows } = await pools[0].query.query('SELECT version FROM schema_version');
      assert.deepEqual(rows, [{ version: PG_SCHEMA_VERSION }]);
    } finally {
      await Promise.all(pools.map((p) => p.close()));
    }
  });

  test('the migration to the per-minute activity fills it from the records already there', async () => {
    const fx = await fixture();
    try {
      const rec = { connector: 'a', objectType: 'User', action: 'get', status: 'success' } as const;
      await fx.store.appendLog([
        { ...rec, time: '2030-01-01T00:00:10.000Z', durationMs: 10 },
        { ...rec, time: '2030-01-01T00:01:10.000Z', durationMs: 30 },
      ]);
      const reader = new PostgresLogActivity(fx.store.pools);
      const range = [new Date('2030-01-01T00:00:00.000Z'), new Date('2030-01-01T01:00:00.000Z')] as const;
      const before = await reader.activity(...range, 300);
      assert.equal(before[0]?.success, 2);
      // As version 2 left it: records, no per-minute tables (3), nor the tables of later migrations.
      await fx.store.pools.query.query(
        `DROP TABLE provisioning_activity, provisioning_latency, job_meta, job_users, job_escrow, job_cycles, job_log,
           console_revocations;
         UPDATE schema_version SET version = 2`,
      );
      await fx.store.close();
      const store = (await fx.reopen()) as PostgresSpaceStore;
      assert.deepEqual(await new PostgresLogActivity(store.pools).activity(...range, 300), before);
    } finally {
      await fx.cleanup();
    }
  });

  test('a schema name that is not a plain identifier is refused', async () => {
    await assert.rejects(PostgresPools.open({ url: TEST_DATABASE_URL, schema: 'x; DROP TABLE y' }), /schema/);
  });

  test('an unreachable database is store_unavailable (503 with Retry-After), naming no address', async () => {
    await assert.rejects(
      PostgresPools.open({ url: 'postgres://postgres:s3cret-pw@127.0.0.1:1/test', schema: 'ferry' }),
      (e: Error & { code?: string; status?: number; retryAfter?: number }) => {
        assert.equal(e.code, 'store_unavailable');
        assert.equal(e.status, 503);
        assert.ok(e.retryAfter && e.retryAfter > 0);
        assert.doesNotMatch(e.message, /s3cret|127\.0\.0\.1/);
        return true;
      },
    );
  });

  test('two stores on one schema see each other at once (no stale cache)', async () => {
    const fx = await fixture();
    const other = new PostgresSpaceStore(
      await PostgresPools.open({ url: TEST_DATABASE_URL, schema: schemas[schemas.length - 1] }),
    );
    try {
      await fx.store.put('c', 'User', 'u1', 'CN=u1', { userName: 'ann' });
      assert.equal((await other.get('c', 'User', 'u1'))?.version, 1);
      await other.put('c', 'User', 'u1', 'CN=u1', { userName: 'bea' });
      assert.equal((await fx.store.findByAttribute('c', 'User', 'userName', 'BEA')).length, 1);
      assert.equal((await fx.store.findByAttribute('c', 'User', 'userName', 'ann')).length, 0);
      assert.equal((await fx.store.get('c', 'User', 'u1'))?.version, 2);
    } finally {
      await other.close();
      await fx.cleanup();
    }
  });

  test('a page of 2,000 objects: counts, then one change, and an exact index', async () => {
    const fx = await fixture();
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    try {
      const page = Array.from({ length: 2000 }, (_, i) => ({
        anchor: `u${i}`,
        dn: `CN=u${i}`,
        attributes: { id: `u${i}`, mail: [`m${i}@x.org`, `M${i}@Y.org`], n: i },
      }));
      const gen = await fx.store.beginFullImport('c', 'User');
      assert.deepEqual(await fx.store.upsertPage('c', 'User', gen, page), { added: 2000, updated: 0, unchanged: 0 });
      page[5].attributes.n = -1;
      assert.deepEqual(await fx.store.upsertPage('c', 'User', gen, page), {
        added: 0,
        updated: 1,
        unchanged: 1999,
      });
      assert.equal(await fx.store.finishFullImport('c', 'User', gen), 0);
      assert.deepEqual(
        (await fx.store.findByAttribute('c', 'User', 'mail', 'm1999@y.org')).map((o) => o.anchor),
        ['u1999'],
      );
      await client.connect();
      const { rows } = await client.query(
        `SELECT count(*)::int AS n FROM ${schemas[schemas.length - 1]}.attr_index WHERE name = 'mail'`,
      );
      assert.equal(rows[0].n, 4000);
    } finally {
      await client.end();
      await fx.cleanup();
    }
  });
}
