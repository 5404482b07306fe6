// PostgreSQL for tests: the machine's database (127.0.0.1:5432, user postgres, database test, or
// FERRY_TEST_DATABASE_URL), a fresh schema per test run, dropped at the end. Unreachable: the tests fail with a
// clear message, unless FERRY_TEST_PG=skip.
import { randomBytes } from 'node:crypto';
import { after, before } from 'node:test';
import pg from 'pg';
import { PostgresPools } from '../space/postgres-pool.ts';

/** The database tests use. */
export const TEST_DATABASE_URL = process.env.FERRY_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** True when PostgreSQL tests are to be skipped (FERRY_TEST_PG=skip). */
export const SKIP_PG = process.env.FERRY_TEST_PG === 'skip';

/** A new unique schema name, ferry_test_<random>. */
export function testSchemaName(): string {
  return `ferry_test_${randomBytes(6).toString('hex')}`;
}

/** Throws a clear error when the test database cannot be reached. */
export async function requirePostgres(): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (e) {
    throw new Error(
      `PostgreSQL is not reachable at ${TEST_DATABASE_URL.replace(/\/\/[^@]*@/, '//')} (${(e as Error).message}). ` +
        'Start it (CI provides 127.0.0.1:5432, user postgres, trust authentication, database test), or set FERRY_TEST_PG=skip.',
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Drops a test schema and everything in it. */
export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

/** Pools over a fresh schema for one test file: opened before its tests, closed and the schema dropped after. */
export function poolsForTestFile(): () => PostgresPools {
  const schema = testSchemaName();
  let pools: PostgresPools | undefined;
  before(async () => {
    await requirePostgres();
    pools = await PostgresPools.open({ url: TEST_DATABASE_URL, schema });
  });
  after(async () => {
    await pools?.close();
    await dropSchema(schema);
  });
  return () => {
    if (!pools) throw new Error('The PostgreSQL pools are opened before the tests.');
    return pools;
  };
}
