// Describing a request without its secrets: credential headers and query parameters are replaced, user info is
// dropped from URLs, and any known secret value (passwords, tokens, keys, even when an application echoes them
// back in an error body) is scrubbed from text before it reaches an error message or a log line.
import { SecretIndex, SecretPattern } from './secret-pattern.ts';

/** What replaces a secret. */
export const REDACTED = '[redacted]';

/** Header names that always carry credentials. */
const SECRET_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'api-key',
  'apikey',
  'x-auth-token',
  'x-session-token',
]);
/** Header or parameter names that look like credentials. */
const SECRET_NAME = /pass|secret|token|api[-_]?key|credential|private|session|signature|^sig$|^code$|auth|cookie/i;

/** True when a header or query parameter called `name` should be treated as a secret. */
export function isSecretName(name: string, extra?: ReadonlySet<string>): boolean {
  const n = name.toLowerCase();
  return SECRET_HEADERS.has(n) || SECRET_NAME.test(n) || (extra?.has(n) ?? false);
}

/** A copy of `headers` with credential headers replaced by "[redacted]". */
export function redactHeaders(
  headers: Readonly<Record<string, string>>,
  extra?: ReadonlySet<string>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k] = isSecretName(k, extra) ? REDACTED : v;
  return out;
}

/** The path and query of `url` with secret-looking query values replaced and no user info (for messages). */
export function safePathAndQuery(url: URL, extra?: ReadonlySet<string>): string {
  const params = [...url.searchParams.entries()];
  if (params.length === 0) return url.pathname;
  const q = params
    .map(([k, v]) => `${encodeURIComponent(k)}=${isSecretName(k, extra) ? REDACTED : encodeURIComponent(v)}`)
    .join('&');
  return `${url.pathname}?${q}`;
}

/** `url` as text without user info and with secret query values replaced. */
export function safeUrl(url: URL | string, extra?: ReadonlySet<string>): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return REDACTED;
  }
  return `${u.protocol}//${u.host}${safePathAndQuery(u, extra)}`;
}

/** Remembers secret values and removes them from any text, in whatever encoding the text holds them. */
export class SecretScrubber {
  // Static secrets (from the settings) are kept for good; tokens obtained at run time rotate, so only the
  // latest few are remembered (older ones are expired anyway).
  private readonly fixed = new Map<string, SecretPattern>();
  private readonly recent = new Map<string, SecretPattern>();
  private static readonly RECENT = 16;
  private index: SecretIndex | undefined;

  /** Adds a secret known from the settings (matched raw, JSON-escaped, URL- or form-encoded, XML-escaped, Base64). */
  add(secret: string | undefined): void {
    for (const v of variants(secret)) if (!this.fixed.has(v)) this.fixed.set(v, new SecretPattern(v));
    this.index = undefined;
  }

  /** Adds a secret obtained at run time (a token); only the latest few are kept. */
  addRecent(secret: string | undefined): void {
    for (const v of variants(secret)) {
      if (this.recent.has(v)) continue;
      this.recent.set(v, new SecretPattern(v));
      if (this.recent.size > SecretScrubber.RECENT) this.recent.delete(this.recent.keys().next().value as string);
    }
    this.index = undefined;
  }

  /** `text` with every known secret replaced by `mask` ("[redacted]" unless told). */
  scrub(text: string, mask = REDACTED): string {
    this.index ??= new SecretIndex([...this.fixed.values(), ...this.recent.values()]);
    const spans = this.index.find(text);
    if (spans.length === 0) return text;
    let out = '';
    let at = 0;
    for (const s of spans) {
      out += text.slice(at, s.start) + mask;
      at = s.end;
    }
    return out + text.slice(at);
  }
}

/** Shorter values would scrub ordinary words; such weak secrets are still kept out by redaction by name. */
const MIN_SECRET_LENGTH = 4;

/**
 * The strings to look for: the secret, and the forms that are themselves encoded again (JSON inside JSON, a
 * URL-encoded value inside JSON, Base64); each is matched character by character in every encoding.
 */
function variants(secret: string | undefined): string[] {
  if (secret === undefined || secret.length < MIN_SECRET_LENGTH) return [];
  const utf8 = Buffer.from(secret, 'utf8');
  const out = new Set([
    secret,
    JSON.stringify(secret).slice(1, -1),
    [...utf8]
      .map((b) =>
        UNRESERVED.test(String.fromCharCode(b))
          ? String.fromCharCode(b)
          : `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
      )
      .join(''),
    utf8.toString('base64'),
    utf8.toString('base64url'),
  ]);
  return [...out].filter((s) => s.length >= MIN_SECRET_LENGTH);
}

/** Characters URL encoders leave as they are (RFC 3986 unreserved). */
const UNRESERVED = /^[A-Za-z0-9\-._~]$/;
