import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectChanges, recordHash } from './change-detection.ts';
import { nextEscrow } from './escrow.ts';
import type { SourceRecord } from './source.ts';
import type { EscrowRow, UserRow } from './state-store.ts';

const rec = (id: string, attributes: Record<string, string | null>): SourceRecord => ({ id, attributes });
const now = new Date('2026-01-01T12:00:00Z');

test('the hash ignores key order and sees every value change', () => {
  assert.equal(recordHash(rec('a', { x: '1', y: '2' })), recordHash(rec('a', { y: '2', x: '1' })));
  assert.notEqual(recordHash(rec('a', { x: '1', y: '2' })), recordHash(rec('a', { x: '1', y: '3' })));
  assert.notEqual(recordHash(rec('a', { x: '1', y: null })), recordHash(rec('a', { x: '1', y: '' })));
});

test('incremental: new and changed users are processed, unchanged ones are not, gone users are deleted', () => {
  const a = rec('a', { city: 'Paris' });
  const b = rec('b', { city: 'Lyon' });
  const c = rec('c', { city: 'Nice' });
  const known = new Map<string, UserRow>([
    ['a', { sourceId: 'a', hash: recordHash(a), targetId: 'A', state: 'provisioned', updated: '' }],
    ['b', { sourceId: 'b', hash: 'old', targetId: 'B', state: 'provisioned', updated: '' }],
    ['gone', { sourceId: 'gone', hash: 'h', targetId: 'G', state: 'disabled', updated: '' }],
    ['never', { sourceId: 'never', hash: 'h', targetId: null, state: 'outOfScope', updated: '' }],
  ]);
  const cs = detectChanges([a, b, c], known, new Map(), { full: false, now });
  assert.deepEqual(
    cs.work.map((w) => w.record.id),
    ['b', 'c'],
  );
  assert.equal(cs.unchanged, 1);
  assert.deepEqual(
    cs.gone.map((g) => g.sourceId),
    ['gone'],
  );
  assert.deepEqual(cs.forgotten, ['never']);
  const full = detectChanges([a, b, c], known, new Map(), { full: true, now });
  assert.deepEqual(
    full.work.map((w) => w.record.id),
    ['a', 'b', 'c'],
    'an initial cycle processes everyone',
  );
});

test('escrowed users wait for their retry time, then are processed even when unchanged', () => {
  const a = rec('a', { city: 'Paris' });
  const known = new Map<string, UserRow>([
    ['a', { sourceId: 'a', hash: recordHash(a), targetId: 'A', state: 'provisioned', updated: '' }],
  ]);
  const policy = { initialDelaySeconds: 60, maxDelaySeconds: 3600 };
  const e1: EscrowRow = nextEscrow('a', 'Update', 'boom', undefined, policy, now);
  assert.equal(e1.attempts, 1);
  assert.equal(e1.nextAttempt, '2026-01-01T12:01:00.000Z');
  const waiting = detectChanges([a], known, new Map([['a', e1]]), { full: false, now });
  assert.equal(waiting.work.length, 0);
  assert.equal(waiting.waiting, 1);
  assert.equal(
    detectChanges([a], known, new Map([['a', e1]]), { full: true, now }).waiting,
    1,
    'an initial cycle still waits',
  );
  assert.equal(
    detectChanges([a], known, new Map([['a', e1]]), { full: true, now, ignoreBackoff: true }).work.length,
    1,
    '--full retries at once',
  );
  const due = detectChanges([a], known, new Map([['a', e1]]), { full: false, now: new Date('2026-01-01T12:01:00Z') });
  assert.deepEqual(
    due.work.map((w) => w.record.id),
    ['a'],
  );
  // The wait doubles and stops growing at maxDelaySeconds.
  const e2 = nextEscrow('a', 'Update', 'boom', e1, policy, now);
  assert.equal(e2.nextAttempt, '2026-01-01T12:02:00.000Z');
  assert.equal(e2.firstFailure, e1.firstFailure);
  let e = e2;
  for (let i = 0; i < 10; i++) e = nextEscrow('a', 'Update', 'boom', e, policy, now);
  assert.equal(e.nextAttempt, '2026-01-01T13:00:00.000Z');
});
