import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { SqliteAuditStore } from '../space/sqlite-audit-store.ts';
import { ConsoleSessions, SESSION_SECONDS, tokenFingerprint } from './console-session.ts';

test('a session cookie verifies until it expires, is signed out, tampered with or signed by another admin token', () => {
  let now = 1_000_000;
  const sessions = new ConsoleSessions('admin-token-0123456789', () => now);
  const { value, session } = sessions.issue('readonly', tokenFingerprint('ro-token-0123456789'));
  assert.deepEqual(sessions.verify(value), session);
  assert.equal(session.role, 'readonly');

  // Tampering: the role changed in the body, the MAC kept.
  const [body, mac] = value.split('.');
  const forged = JSON.parse(Buffer.from(body, 'base64url').toString()) as unknown[];
  forged[1] = 'admin';
  assert.equal(sessions.verify(`${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${mac}`), undefined);
  assert.equal(sessions.verify(`${body}.${'A'.repeat(mac.length)}`), undefined);
  assert.equal(sessions.verify('garbage'), undefined);
  assert.equal(new ConsoleSessions('another-admin-token-0123', () => now).verify(value), undefined);

  now += SESSION_SECONDS * 1000 - 1;
  assert.ok(sessions.verify(value));
  now += 1;
  assert.equal(sessions.verify(value), undefined, 'expired');
});

test('the CSRF token is bound to its session; a signed-out session stays refused', async () => {
  const sessions = new ConsoleSessions('admin-token-0123456789');
  const a = sessions.issue('admin', 'aaaa').session;
  const b = sessions.issue('admin', 'aaaa').session;
  assert.ok(sessions.checkCsrf(a, sessions.csrfToken(a)));
  assert.equal(sessions.checkCsrf(a, sessions.csrfToken(b)), false);
  assert.equal(sessions.checkCsrf(a, undefined), false);
  const { value, session } = sessions.issue('admin', 'aaaa');
  await sessions.revoke(session);
  assert.equal(sessions.verify(value), undefined);
  assert.match(tokenFingerprint('x'), /^[0-9a-f]{12}$/);
});

test('a sign-out reaches the other hosts of the store and survives a restart', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-sessions-'));
  const file = join(dir, 'audit.db');
  const stores = [SqliteAuditStore.open(file), SqliteAuditStore.open(file)];
  let now = Date.now();
  const clock = () => now;
  try {
    const [one, two] = stores.map((store) => new ConsoleSessions('admin-token-0123456789', clock, store));
    const { value, session } = one.issue('admin', 'aaaa');
    await two.refresh();
    assert.ok(two.verify(value), 'the other host accepts the session');
    await one.revoke(session);
    assert.equal(one.verify(value), undefined);
    now += 2_500; // the other host reads the store's sign-outs again at most every 2 s
    await two.refresh();
    assert.equal(two.verify(value), undefined, 'signed out on the other host too');
    const restarted = new ConsoleSessions('admin-token-0123456789', clock, SqliteAuditStore.open(file));
    await restarted.refresh();
    assert.equal(restarted.verify(value), undefined, 'and after a restart');
  } finally {
    for (const s of stores) await s.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
