import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import type { ProvisioningRecord } from './log-store.ts';
import { SqliteLogActivity } from './sqlite-log-activity.ts';
import { SqliteSpaceStore } from './sqlite-store.ts';

const rec = (
  time: string,
  connector: string,
  status: ProvisioningRecord['status'],
  ms: number,
): ProvisioningRecord => ({
  time,
  connector,
  objectType: 'User',
  action: 'create',
  status,
  durationMs: ms,
});

test('activity and latency percentiles per bucket follow appends and prunes; migrations fill them from older records', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-activity-'));
  const file = join(dir, 'space.db');
  try {
    const store = SqliteSpaceStore.open(file);
    await store.appendLog([
      rec('2030-01-01T00:00:10.000Z', 'a', 'success', 10),
      rec('2030-01-01T00:00:50.000Z', 'a', 'failure', 30),
      rec('2030-01-01T00:01:10.000Z', 'a', 'success', 2),
      rec('2030-01-01T00:07:00.000Z', 'b', 'skipped', 1),
    ]);
    await store.appendLog([rec('2030-01-01T00:01:20.000Z', 'a', 'success', 40)]);
    const reader = new SqliteLogActivity(file);
    const from = new Date('2030-01-01T00:00:00.000Z');
    const to = new Date('2030-01-01T00:10:00.000Z');
    const want = [
      // Durations 10, 30, 2 and 40 ms: the median's class ends at 10 ms, the 95th's at 50 ms (the slowest is 40).
      {
        at: '2030-01-01T00:00:00.000Z',
        connector: 'a',
        success: 3,
        failure: 1,
        skipped: 0,
        avgMs: 20.5,
        maxMs: 40,
        p50Ms: 10,
        p95Ms: 40,
      },
      {
        at: '2030-01-01T00:05:00.000Z',
        connector: 'b',
        success: 0,
        failure: 0,
        skipped: 1,
        avgMs: 1,
        maxMs: 1,
        p50Ms: 1,
        p95Ms: 1,
      },
    ];
    assert.deepEqual(reader.activity(from, to, 300), want);
    assert.equal(reader.activity(from, to, 60).length, 3);

    await store.pruneLog('2030-01-01T00:05:00.000Z');
    assert.deepEqual(reader.activity(from, to, 300), [want[1]]);
    await store.close();

    // As an older version left it: records but no activity rows; migration 4 rebuilds them.
    const db = new Database(file);
    db.prepare('DELETE FROM provisioning_activity').run();
    db.prepare('DELETE FROM provisioning_latency').run();
    db.prepare('UPDATE schema_version SET version = 3').run();
    db.close();
    (await SqliteSpaceStore.open(file)).close();
    assert.deepEqual(reader.activity(from, to, 300), [want[1]]);
    reader.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
