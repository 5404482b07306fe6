import assert from 'node:assert/strict';
import { test } from 'node:test';
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

test('link writes are committed in groups: another connection sees them once the group commits', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ferry-state-'));
  const writer = SqliteStateStore.open(join(dir, 'job'));
  const reader = SqliteStateStore.open(join(dir, 'job'));
  const now = new Date('2026-12-01T00:00:00Z');
  try {
    await writer.putUser({ sourceId: 'a', hash: 'h', targetId: 'A', state: 'provisioned' }, now);
    // The writer reads its own write at once; another process sees it after the group's short delay.
    assert.equal((await writer.getUser('a'))?.targetId, 'A');
    await writer.putUser({ sourceId: 'b', hash: 'h', targetId: 'B', state: 'provisioned' }, now);
    assert.equal(await reader.getUser('b'), undefined);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal((await reader.getUser('b'))?.targetId, 'B');
    // A full group commits without waiting.
    for (let i = 0; i < 64; i++)
      await writer.putUser({ sourceId: `u${i}`, hash: 'h', targetId: `U${i}`, state: 'provisioned' }, now);
    assert.equal((await reader.allUsers()).size, 66);
  } finally {
    await writer.close();
    await reader.close();
    await rm(dir, { recursive: true, force: true });
  }
});
