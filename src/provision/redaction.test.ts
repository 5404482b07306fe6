import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scrubSecrets } from './redaction.ts';
import { REDACTED } from './report.ts';

test('every occurrence of a secret in any string is replaced, the longest secret first; the input stays as it was', () => {
  const input = {
    reason: 'login s3cret-pw failed',
    steps: [{ details: { body: '{"password":"s3cret-pw","again":"s3cret-pw"}' } }, { details: { n: 1 } }],
    other: 's3cret',
  };
  const before = structuredClone(input);
  const out = scrubSecrets(input, new Set(['s3cret', 's3cret-pw', '']));
  assert.equal(out.reason, `login ${REDACTED} failed`);
  assert.equal(out.steps[0].details.body, `{"password":"${REDACTED}","again":"${REDACTED}"}`);
  assert.equal(out.other, REDACTED);
  assert.deepEqual(input, before, 'the input is not changed');
});

test('what holds no secret is given back as it is: no copy', () => {
  const clean = { details: { n: 1, s: 'nothing here' } };
  const input = { steps: [clean, { details: { s: 'pw-123456' } }], id: 'u1' };
  const out = scrubSecrets(input, new Set(['pw-123456']));
  assert.notEqual(out, input);
  assert.equal(out.steps[0], clean, 'the untouched step is the same object');
  assert.equal(out.steps[1].details.s, REDACTED);
  const none = { a: ['x', { b: 'y' }] };
  assert.equal(scrubSecrets(none, new Set(['zzz'])), none);
  assert.equal(scrubSecrets(none, new Set()), none);
});
