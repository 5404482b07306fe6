import { test } from 'node:test';
import assert from 'node:assert/strict';
import { REDACTED, SecretScrubber, redactHeaders, safePathAndQuery, safeUrl } from './redact.ts';

test('credential headers are redacted, others kept', () => {
  const h = redactHeaders(
    {
      authorization: 'Bearer abc',
      cookie: 's=1',
      'x-api-key': 'k',
      'X-Custom-Key': 'v',
      accept: 'application/json',
      'x-tenant': 't',
    },
    new Set(['x-custom-key']),
  );
  assert.deepEqual(h, {
    authorization: REDACTED,
    cookie: REDACTED,
    'x-api-key': REDACTED,
    'X-Custom-Key': REDACTED,
    accept: 'application/json',
    'x-tenant': 't',
  });
});

test('URLs lose user info and secret query values', () => {
  assert.equal(
    safeUrl('https://bob:pw@app.example/users?api_key=XYZ&page=2'),
    `https://app.example/users?api_key=${REDACTED}&page=2`,
  );
  assert.equal(
    safePathAndQuery(new URL('https://a/x?k=1&access_token=t'), new Set(['k'])),
    `/x?k=${REDACTED}&access_token=${REDACTED}`,
  );
  assert.equal(safeUrl('not a url'), REDACTED);
});

test('the scrubber removes known secrets in every usual encoding', () => {
  const s = new SecretScrubber();
  s.add('p@ss word/1');
  s.add('abc'); // too short to scrub safely: ignored
  const text = `raw p@ss word/1, url ${encodeURIComponent('p@ss word/1')}, form p%40ss+word%2F1, b64 ${Buffer.from('p@ss word/1').toString('base64')}, abc`;
  const out = s.scrub(text);
  assert.ok(!out.includes('p@ss'), out);
  assert.ok(!out.includes('p%40ss'), out);
  assert.ok(!out.includes(Buffer.from('p@ss word/1').toString('base64')), out);
  assert.ok(out.endsWith('abc'));
});

test('recent (run-time) secrets rotate', () => {
  const s = new SecretScrubber();
  for (let i = 0; i < 40; i++) s.addRecent(`token-number-${i}-xxxxxxxx`);
  assert.equal(s.scrub('token-number-39-xxxxxxxx'), REDACTED);
  assert.equal(s.scrub('token-number-0-xxxxxxxx'), 'token-number-0-xxxxxxxx', 'old tokens are forgotten');
});
