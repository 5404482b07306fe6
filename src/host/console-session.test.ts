import assert from 'node:assert/strict';
import { test } from 'node:test';
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

test('the CSRF token is bound to its session; a signed-out session stays refused', () => {
  const sessions = new ConsoleSessions('admin-token-0123456789');
  const a = sessions.issue('admin', 'aaaa').session;
  const b = sessions.issue('admin', 'aaaa').session;
  assert.ok(sessions.checkCsrf(a, sessions.csrfToken(a)));
  assert.equal(sessions.checkCsrf(a, sessions.csrfToken(b)), false);
  assert.equal(sessions.checkCsrf(a, undefined), false);
  const { value, session } = sessions.issue('admin', 'aaaa');
  sessions.revoke(session);
  assert.equal(sessions.verify(value), undefined);
  assert.match(tokenFingerprint('x'), /^[0-9a-f]{12}$/);
});
