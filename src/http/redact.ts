// Describing a request without its secrets: credential headers and query parameters are replaced, user info is
// dropped from URLs, and any known secret value (passwords, tokens, keys, even when an application echoes them
// back in an error body) is scrubbed from text before it reaches an error message or a log line.

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

/** Remembers secret values and removes them from any text. */
export class SecretScrubber {
  // Static secrets (from the settings) are kept for good; tokens obtained at run time rotate, so only the
  // latest few are remembered (older ones are expired anyway).
  private readonly fixed = new Set<string>();
  private readonly recent: string[] = [];
  private static readonly RECENT = 16;

  /** Adds a secret known from the settings; also its JSON-escaped, URL-encoded and Base64 forms. */
  add(secret: string | undefined): void {
    for (const v of variants(secret)) this.fixed.add(v);
  }

  /** Adds a secret obtained at run time (a token); only the latest few are kept. */
  addRecent(secret: string | undefined): void {
    for (const v of variants(secret)) {
      if (this.recent.includes(v)) continue;
      this.recent.push(v);
      if (this.recent.length > SecretScrubber.RECENT) this.recent.shift();
    }
  }

  /** `text` with every known secret replaced by `mask` ("[redacted]" unless told). */
  scrub(text: string, mask = REDACTED): string {
    let out = text;
    // Longest first, so a secret that contains another is replaced whole.
    const all = [...this.fixed, ...this.recent].sort((a, b) => b.length - a.length);
    for (const s of all) if (out.includes(s)) out = out.split(s).join(mask);
    return out;
  }
}

/** Shorter values would scrub ordinary words; such weak secrets are still kept out by redaction by name. */
const MIN_SECRET_LENGTH = 4;

function variants(secret: string | undefined): string[] {
  if (secret === undefined || secret.length < MIN_SECRET_LENGTH) return [];
  // As sent and as an application may echo it: inside JSON text, URL- or form-encoded, Base64.
  const out = new Set([
    secret,
    JSON.stringify(secret).slice(1, -1),
    encodeURIComponent(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
    Buffer.from(secret).toString('base64'),
  ]);
  return [...out].filter((s) => s.length >= MIN_SECRET_LENGTH);
}
