import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAuditStoreContract } from '../test-support/audit-store-contract.ts';
import { SqliteAuditStore } from './sqlite-audit-store.ts';

runAuditStoreContract('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-audit-'));
  const store = SqliteAuditStore.open(join(dir, 'space.db'));
  return {
    store,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
