import { test } from 'node:test';
import { SKIP_PG, poolsForTestFile } from '../test-support/postgres.ts';
import { runStateStoreContract } from '../test-support/state-store-contract.ts';
import { PostgresStateStore } from './postgres-state-store.ts';

if (SKIP_PG) {
  test('PostgreSQL job state (skipped: FERRY_TEST_PG=skip)', (t) => t.skip());
} else {
  const pools = poolsForTestFile();
  let jobs = 0;
  // One schema for the file; each test's job has a name of its own (the rows' key).
  runStateStoreContract('PostgreSQL', async () => {
    const job = `job${++jobs}`;
    return {
      store: new PostgresStateStore(pools(), job),
      reopen: async () => new PostgresStateStore(pools(), job),
      otherJob: async () => new PostgresStateStore(pools(), `${job}-other`),
      cleanup: async () => undefined,
    };
  });
}
