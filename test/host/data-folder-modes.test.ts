// The data folder is its owner's only: 0700, and the SQLite files (space.db, -wal, -shm) and the generated key
// 0600, also when an older version left them world-readable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestHost } from '../helpers/test-host.ts';

const mode = (f: string) => statSync(f).mode & 0o777;

test('data folder 0700; space.db, its -wal and -shm and the TLS key 0600', {
  skip: process.platform === 'win32',
}, async () => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'ferry-modes-')), 'data');
  const t = await startTestHost({ dataDir, tls: true });
  try {
    assert.equal((await t.scim('APP1', '/Users?count=1')).status, 200);
    assert.equal(mode(dataDir), 0o700);
    for (const f of ['space.db', 'space.db-wal', 'space.db-shm'])
      assert.equal(mode(join(dataDir, f)).toString(8), '600', f);
    assert.equal(mode(join(dataDir, 'tls')), 0o700);
    assert.equal(mode(join(dataDir, 'tls', 'ferry-key.pem')), 0o600);
  } finally {
    await t.stop({ keepData: true });
  }
  // Files an older version left world-readable are narrowed at the next start.
  chmodSync(dataDir, 0o755);
  for (const f of ['space.db', 'space.db-wal', 'space.db-shm']) {
    const p = join(dataDir, f);
    try {
      chmodSync(p, 0o644);
    } catch {
      writeFileSync(p, '', { mode: 0o644 });
    }
  }
  const again = await startTestHost({ dataDir });
  try {
    assert.equal(mode(dataDir), 0o700);
    for (const f of ['space.db', 'space.db-wal', 'space.db-shm'])
      assert.equal(mode(join(dataDir, f)).toString(8), '600', f);
  } finally {
    await again.stop({ keepData: true });
    rmSync(join(dataDir, '..'), { recursive: true, force: true });
  }
});
