import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { describeFailure } from '../http/http-call-error.ts';
import { SecretScrubber } from './redact.ts';
import { ECHO_ENCODINGS } from '../test-support/echo-encodings.ts';

/** Passwords from the whole Unicode range (lone surrogates included), at least 4 code points. */
const password = fc.string({ unit: 'binary', minLength: 4, maxLength: 24 });
const encoding = fc.constantFrom(...Object.keys(ECHO_ENCODINGS));

/** True when `text` still holds `secret` in any of the echo encodings. */
function leaks(text: string, secret: string): string | undefined {
  for (const [name, enc] of Object.entries(ECHO_ENCODINGS)) if (text.includes(enc(secret))) return name;
  return undefined;
}

test('a password echoed in any encoding is masked, whatever characters it holds', () => {
  fc.assert(
    fc.property(password, encoding, (pw, name) => {
      const s = new SecretScrubber();
      s.add(pw);
      const out = s.scrub(`{"error":"password \\"${ECHO_ENCODINGS[name](pw)}\\" is too weak"}`, '***');
      assert.equal(leaks(out, pw), undefined, out);
      assert.ok(out.includes('***'), out);
      assert.ok(out.startsWith('{"error":"password'), out);
    }),
    { numRuns: 400 },
  );
});

test('a password survives no formatting of an HTTP failure message: spaces collapsed, text cut at 200', () => {
  fc.assert(
    fc.property(password, encoding, fc.nat({ max: 220 }), (pw, name, padding) => {
      const s = new SecretScrubber();
      s.add(pw);
      // The application's text is cut to 200 characters: the password may be cut in the middle.
      const appText = `${'x'.repeat(padding)} rejected: ${ECHO_ENCODINGS[name](pw)} tail`;
      const out = s.scrub(describeFailure('POST', '/users', { status: 400, appText }), '***');
      const kept = appText.replace(/\s+/g, ' ').trim().slice(0, 200);
      const encoded = ECHO_ENCODINGS[name](pw).replace(/\s+/g, ' ').trim();
      // Whatever the message kept of the (formatted) password, when at least 4 code units, is gone.
      const start = kept.indexOf('rejected: ') + 'rejected: '.length;
      const visible = start < 'rejected: '.length ? '' : kept.slice(start, start + encoded.length);
      if (visible.length >= 4) assert.ok(!out.includes(visible), `${name}: ${JSON.stringify(out)}`);
    }),
    { numRuns: 400 },
  );
});

test('text without the secret is left as it is, and mixed encodings inside one echo are found', () => {
  const s = new SecretScrubber();
  s.add('Pä"ss\\wörd/1 2');
  assert.equal(s.scrub('nothing to see: Päss wörd'), 'nothing to see: Päss wörd');
  // Python's ensure_ascii, then a proxy that percent-encodes the quote only.
  assert.equal(s.scrub('pw=P\\u00e4%22ss\\\\w\\u00F6rd\\/1+2.'), 'pw=[redacted].');
  assert.equal(s.scrub('<e>P&#228;&quot;ss\\w&#xF6;rd/1 2</e>'), '<e>[redacted]</e>');
  // Spaces changed by formatting (a run of spaces, a tab) are still the password.
  assert.equal(s.scrub('Pä"ss\\wörd/1 \t 2!'), '[redacted]!');
});

test('a long echo of backslashes or percent signs is scanned in linear time', () => {
  const s = new SecretScrubber();
  s.add('\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\x');
  s.add('%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%y');
  const text = `${'\\'.repeat(5_000)}${'%'.repeat(5_000)}${'%25'.repeat(2_000)} end`;
  const t0 = performance.now();
  assert.ok(s.scrub(text) === text, 'nothing to mask');
  // Generous: a backtracking matcher needs minutes here; this one needs milliseconds.
  assert.ok(performance.now() - t0 < 10_000);
});

test('an ordinary ending that merely starts like a secret is kept; a longer cut-off start is masked', () => {
  const s = new SecretScrubber();
  s.add('test-key-0123456789abcdef');
  assert.equal(s.scrub('GET /changes/latest'), 'GET /changes/latest');
  assert.equal(s.scrub('key was test-key-01'), 'key was [redacted]');
  // A formatter's cut, marked with "…", needs less of the secret.
  assert.equal(s.scrub('key was test…'), 'key was [redacted]…');
});
