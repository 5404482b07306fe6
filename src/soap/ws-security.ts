// WS-Security UsernameToken (OASIS Username Token Profile 1.0): the header a client sends, with the password as
// text or as a digest (Base64(SHA-1(nonce + created + password))), a nonce and a creation time; and its check,
// for stand-in services, with a freshness window and an optional replay guard on nonces.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { WSSE, WSU } from './namespaces.ts';
import { escapeXmlText } from './xml-escape.ts';
import { XmlParseError, attr, firstChild, parseXml, type XmlElement } from './xml-parser.ts';

const PROFILE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0';
/** The Password Type of a clear-text password. */
export const PASSWORD_TEXT = `${PROFILE}#PasswordText`;
/** The Password Type of a password digest. */
export const PASSWORD_DIGEST = `${PROFILE}#PasswordDigest`;
const BASE64_BINARY = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary';

/** What a UsernameToken header is made of. */
export interface UsernameTokenOptions {
  username: string;
  password: string;
  /** PasswordDigest instead of PasswordText. */
  digest: boolean;
  /** The creation time (default now). */
  now?: Date;
  /** The nonce (default 16 random bytes). */
  nonce?: Buffer;
}

/** The `wsse:Security` header element with a UsernameToken (put it inside soap:Header). */
export function usernameTokenHeader(o: UsernameTokenOptions): string {
  const nonce = o.nonce ?? randomBytes(16);
  const created = (o.now ?? new Date()).toISOString();
  const password = o.digest ? passwordDigest(nonce, created, o.password) : o.password;
  return (
    `<wsse:Security xmlns:wsse="${WSSE}" xmlns:wsu="${WSU}">` +
    '<wsse:UsernameToken>' +
    `<wsse:Username>${escapeXmlText(o.username, 'WS-Security username')}</wsse:Username>` +
    `<wsse:Password Type="${o.digest ? PASSWORD_DIGEST : PASSWORD_TEXT}">${escapeXmlText(password, 'WS-Security password')}</wsse:Password>` +
    `<wsse:Nonce EncodingType="${BASE64_BINARY}">${nonce.toString('base64')}</wsse:Nonce>` +
    `<wsu:Created>${created}</wsu:Created>` +
    '</wsse:UsernameToken></wsse:Security>'
  );
}

/** Base64(SHA-1(nonce + created + password)), as the profile defines PasswordDigest. */
export function passwordDigest(nonce: Buffer, created: string, password: string): string {
  return createHash('sha1')
    .update(Buffer.concat([nonce, Buffer.from(created, 'utf8'), Buffer.from(password, 'utf8')]))
    .digest('base64');
}

/** How a UsernameToken is checked. */
export interface VerifyOptions {
  /** The time to check against (default now). */
  now?: Date;
  /** Oldest accepted wsu:Created, in seconds (default 300). */
  maxAgeSeconds?: number;
  /** How far in the future wsu:Created may be, for clock skew, in seconds (default 60). */
  skewSeconds?: number;
  /** Refuse PasswordText. */
  requireDigest?: boolean;
  /** Nonces seen (nonce → expiry in ms): a nonce seen again within the window is a replay. Pruned as it goes. */
  seen?: Map<string, number>;
}

/** The result of a check: the user, or why the token is refused (for the service's log, not for the caller). */
export type VerifyResult = { ok: true; username: string; digest: boolean } | { ok: false; reason: string };

/**
 * Checks the UsernameToken in `headerXml` (a wsse:Security element, a soap:Header, or a whole envelope) against the
 * password `lookup` gives for its user (undefined: no such user).
 */
export function verifyUsernameToken(
  headerXml: string,
  lookup: (username: string) => string | undefined,
  opts: VerifyOptions = {},
): VerifyResult {
  let root: XmlElement;
  try {
    root = parseXml(headerXml, 'the security header', { maxBytes: 1024 * 1024 });
  } catch (e) {
    if (e instanceof XmlParseError) return { ok: false, reason: e.message };
    throw e;
  }
  return verifyUsernameTokenElement(root, lookup, opts);
}

/** {@link verifyUsernameToken} on a parsed element (the service's parsed envelope or header). */
export function verifyUsernameTokenElement(
  root: XmlElement,
  lookup: (username: string) => string | undefined,
  opts: VerifyOptions = {},
): VerifyResult {
  const security = find(root, WSSE, 'Security');
  if (!security) return { ok: false, reason: 'no wsse:Security header' };
  const token = firstChild(security, WSSE, 'UsernameToken');
  if (!token) return { ok: false, reason: 'the wsse:Security header has no UsernameToken' };
  const username = firstChild(token, WSSE, 'Username')?.text.trim();
  const passwordEl = firstChild(token, WSSE, 'Password');
  if (!username || !passwordEl) return { ok: false, reason: 'the UsernameToken has no Username or no Password' };
  const type = attr(passwordEl, 'Type') ?? PASSWORD_TEXT;
  if (type !== PASSWORD_TEXT && type !== PASSWORD_DIGEST) return { ok: false, reason: `unknown password type ${type}` };
  const digest = type === PASSWORD_DIGEST;
  if (!digest && opts.requireDigest) return { ok: false, reason: 'a PasswordDigest is required' };
  const nonceText = firstChild(token, WSSE, 'Nonce')?.text.trim();
  const created = firstChild(token, WSU, 'Created')?.text.trim();
  if (digest && (!nonceText || !created))
    return { ok: false, reason: 'a PasswordDigest needs a Nonce and a Created time' };

  const now = (opts.now ?? new Date()).getTime();
  const maxAge = (opts.maxAgeSeconds ?? 300) * 1000;
  if (created !== undefined) {
    const t = Date.parse(created);
    if (Number.isNaN(t)) return { ok: false, reason: `Created "${created}" is not a date and time` };
    if (t > now + (opts.skewSeconds ?? 60) * 1000) return { ok: false, reason: `Created ${created} is in the future` };
    if (now - t > maxAge) return { ok: false, reason: `Created ${created} is older than ${maxAge / 1000} s` };
  }
  const expected = lookup(username);
  if (expected === undefined) return { ok: false, reason: `unknown user "${username}"` };
  const given = passwordEl.text;
  const matches = digest
    ? same(passwordDigest(Buffer.from(nonceText as string, 'base64'), created as string, expected), given.trim())
    : same(expected, given);
  if (!matches) return { ok: false, reason: `wrong password for "${username}"` };
  if (opts.seen && nonceText) {
    for (const [n, expiry] of opts.seen) if (expiry <= now) opts.seen.delete(n);
    if (opts.seen.has(nonceText)) return { ok: false, reason: `nonce ${nonceText} was already used (a replay)` };
    opts.seen.set(nonceText, now + maxAge + (opts.skewSeconds ?? 60) * 1000);
  }
  return { ok: true, username, digest };
}

/** Equal strings, compared in constant time (hashes first, so lengths do not leak either). */
function same(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a, 'utf8').digest();
  const hb = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(ha, hb);
}

/** The first element named `local` in `ns`, `root` itself included, depth first. */
function find(root: XmlElement, ns: string, local: string): XmlElement | undefined {
  if (root.ns === ns && root.local === local) return root;
  for (const c of root.children) {
    const f = find(c, ns, local);
    if (f) return f;
  }
  return undefined;
}
