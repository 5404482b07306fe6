import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { SqliteLogActivity } from './sqlite-log-activity.ts';
import { SqliteSpaceStore } from './sqlite-store.ts';

// Appends and prunes are in the log store contract suite (dashboard test); this is SQLite's migration.
test('migrations fill the per-minute activity from records an older version left', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-activity-'));
  const file = join(dir, 'space.db');
  try {
    const store = SqliteSpaceStore.open(file);
    const base = { objectType: 'User', action: 'create', connector: 'a' } as const;
    await store.appendLog([
      { ...base, time: '2030-01-01T00:00:10.000Z', status: 'success', durationMs: 10 },
      { ...base, time: '2030-01-01T00:01:10.000Z', status: 'failure', durationMs: 30 },
    ]);
    await store.close();
    const reader = new SqliteLogActivity(file);
    const from = new Date('2030-01-01T00:00:00.000Z');
    const to = new Date('2030-01-01T00:10:00.000Z');
    const before = await reader.activity(from, to, 300);
    assert.deepEqual(
      before.map((b) => [b.success, b.failure, b.avgMs, b.p50Ms, b.p95Ms]),
      [[1, 1, 20, 10, 30]],
    );

    // As an older version left it: records but no activity rows; migrations 4 and 5 rebuild them.
    const db = new Database(file);
    db.prepare('DELETE FROM provisioning_activity').run();
    db.prepare('DELETE FROM provisioning_latency').run();
    db.prepare('UPDATE schema_version SET version = 3').run();
    db.close();
    assert.deepEqual(await reader.activity(from, to, 300), []);
    (await SqliteSpaceStore.open(file)).close();
    assert.deepEqual(await reader.activity(from, to, 300), before);
    reader.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
