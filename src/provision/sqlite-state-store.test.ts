import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runStateStoreContract } from '../test-support/state-store-contract.ts';
import { SqliteStateStore } from './sqlite-state-store.ts';

runStateStoreContract('SQLite', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ferry-state-'));
  let current = SqliteStateStore.open(join(dir, 'job'));
  return {
    store: current,
    reopen: async () => (current = SqliteStateStore.open(join(dir, 'job'))),
    cleanup: async () => {
      await current.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});
