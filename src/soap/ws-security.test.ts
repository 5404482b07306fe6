// WS-Security UsernameToken: a known digest vector, the header's shape, and the check a stand-in service makes
// (digest and text, freshness, replay, unknown user, wrong password, missing parts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PASSWORD_DIGEST,
  PASSWORD_TEXT,
  passwordDigest,
  usernameTokenHeader,
  verifyUsernameToken,
} from './ws-security.ts';
import { parseXml } from './xml-parser.ts';

const nonce = Buffer.from('0123456789abcdef');
const created = new Date('2026-01-02T03:04:05.000Z');
const users = (u: string): string | undefined => (u === 'ferry' ? 'Secr3t!' : undefined);

test('PasswordDigest = Base64(SHA-1(nonce + created + password)): a known vector', () => {
  // Computed independently: printf '0123456789abcdef2026-01-02T03:04:05.000ZSecr3t!' | openssl dgst -sha1 -binary | base64
  assert.equal(passwordDigest(nonce, '2026-01-02T03:04:05.000Z', 'Secr3t!'), 'Rhm6DfmR2kI2lHjEbffX+rCcsdw=');
  const header = usernameTokenHeader({ username: 'ferry', password: 'Secr3t!', digest: true, now: created, nonce });
  assert.equal(
    header,
    '<wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd" xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd">' +
      '<wsse:UsernameToken><wsse:Username>ferry</wsse:Username>' +
      `<wsse:Password Type="${PASSWORD_DIGEST}">Rhm6DfmR2kI2lHjEbffX+rCcsdw=</wsse:Password>` +
      '<wsse:Nonce EncodingType="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary">MDEyMzQ1Njc4OWFiY2RlZg==</wsse:Nonce>' +
      '<wsu:Created>2026-01-02T03:04:05.000Z</wsu:Created></wsse:UsernameToken></wsse:Security>',
  );
  assert.deepEqual(verifyUsernameToken(header, users, { now: new Date(created.getTime() + 10_000) }), {
    ok: true,
    username: 'ferry',
    digest: true,
  });
});

test('PasswordText carries the password escaped; a fresh random nonce each time', () => {
  const header = usernameTokenHeader({ username: 'a&b', password: 'p<w>"d', digest: false });
  assert.match(
    header,
    new RegExp(
      `<wsse:Username>a&amp;b</wsse:Username><wsse:Password Type="${PASSWORD_TEXT.replace(/[.#]/g, '\\$&')}">p&lt;w&gt;&quot;d</wsse:Password>`,
    ),
  );
  assert.equal(parseXml(header, 'h').children[0].children.length, 4);
  const nonces = new Set(
    Array.from(
      { length: 5 },
      () => /<wsse:Nonce[^>]*>([^<]+)</.exec(usernameTokenHeader({ username: 'x', password: 'y', digest: true }))?.[1],
    ),
  );
  assert.equal(nonces.size, 5);
  assert.deepEqual(
    verifyUsernameToken(header, (u) => (u === 'a&b' ? 'p<w>"d' : undefined)),
    { ok: true, username: 'a&b', digest: false },
  );
});

test('refused: wrong password, unknown user, stale or future Created, a replayed nonce, text when digest is required', () => {
  const at = new Date(created.getTime() + 1000);
  const digest = usernameTokenHeader({ username: 'ferry', password: 'Secr3t!', digest: true, now: created, nonce });
  const reason = (xml: string, opts = {}, lookup = users) => {
    const r = verifyUsernameToken(xml, lookup, { now: at, ...opts });
    return r.ok ? 'ok' : r.reason;
  };
  assert.equal(
    reason(usernameTokenHeader({ username: 'ferry', password: 'wrong', digest: true, now: created, nonce })),
    'wrong password for "ferry"',
  );
  assert.equal(
    reason(usernameTokenHeader({ username: 'ferry', password: 'wrong', digest: false, now: created })),
    'wrong password for "ferry"',
  );
  assert.equal(
    reason(usernameTokenHeader({ username: 'eve', password: 'x', digest: true, now: created, nonce })),
    'unknown user "eve"',
  );
  assert.equal(
    reason(digest, { now: new Date(created.getTime() + 301_000) }),
    'Created 2026-01-02T03:04:05.000Z is older than 300 s',
  );
  assert.equal(
    reason(digest, { now: new Date(created.getTime() - 120_000) }),
    'Created 2026-01-02T03:04:05.000Z is in the future',
  );
  assert.equal(reason(digest, { now: new Date(created.getTime() - 30_000) }), 'ok', 'a little clock skew is allowed');
  const seen = new Map<string, number>();
  assert.equal(reason(digest, { seen }), 'ok');
  assert.equal(reason(digest, { seen }), 'nonce MDEyMzQ1Njc4OWFiY2RlZg== was already used (a replay)');
  assert.equal(
    reason(usernameTokenHeader({ username: 'ferry', password: 'Secr3t!', digest: false, now: created }), {
      requireDigest: true,
    }),
    'a PasswordDigest is required',
  );
});

test('refused: no header, no token, a digest without nonce, unknown password type, not XML', () => {
  const reason = (xml: string) => {
    const r = verifyUsernameToken(xml, users);
    return r.ok ? 'ok' : r.reason;
  };
  const W = 'xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"';
  assert.equal(reason('<Header/>'), 'no wsse:Security header');
  assert.equal(reason(`<wsse:Security ${W}/>`), 'the wsse:Security header has no UsernameToken');
  assert.equal(
    reason(
      `<wsse:Security ${W}><wsse:UsernameToken><wsse:Username>ferry</wsse:Username></wsse:UsernameToken></wsse:Security>`,
    ),
    'the UsernameToken has no Username or no Password',
  );
  assert.equal(
    reason(
      `<wsse:Security ${W}><wsse:UsernameToken><wsse:Username>ferry</wsse:Username><wsse:Password Type="${PASSWORD_DIGEST}">x</wsse:Password></wsse:UsernameToken></wsse:Security>`,
    ),
    'a PasswordDigest needs a Nonce and a Created time',
  );
  assert.equal(
    reason(
      `<wsse:Security ${W}><wsse:UsernameToken><wsse:Username>ferry</wsse:Username><wsse:Password Type="urn:kerberos">x</wsse:Password></wsse:UsernameToken></wsse:Security>`,
    ),
    'unknown password type urn:kerberos',
  );
  assert.match(reason('<!DOCTYPE x [<!ENTITY e SYSTEM "/etc/passwd">]><x>&e;</x>'), /a DOCTYPE is not accepted/);
  // The token is found in a whole envelope too.
  const env = `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header>${usernameTokenHeader({ username: 'ferry', password: 'Secr3t!', digest: true })}</s:Header><s:Body/></s:Envelope>`;
  assert.equal(reason(env), 'ok');
});
