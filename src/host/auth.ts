// Bearer-token check in constant time. Tokens are compared as SHA-256 digests so that neither their content
// nor their length leaks through timing; a token is never logged.
import { hash, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import type { AuthFailureLimiter } from './auth-failure-limiter.ts';
import { FerryError } from '../errors/catalogue.ts';

// One-shot hash (no Hash object per request: a third of the cost of authenticating a read).
const digest = (s: string) => hash('sha256', s, 'buffer');

/** An earlier secret still accepted until a time (a token rotation's overlap). */
export interface RetiringSecret {
  token: string;
  /** ISO 8601 time after which the secret is refused. */
  validUntil: string;
}

/** A checker for one secret, plus earlier ones during a rotation's overlap. */
export class TokenChecker {
  private readonly expected: Buffer;
  private readonly retiring: { digest: Buffer; until: number }[];

  constructor(
    secret: string,
    previous: readonly RetiringSecret[] = [],
    private readonly now: () => number = Date.now,
  ) {
    this.expected = digest(secret);
    this.retiring = previous.map((p) => ({ digest: digest(p.token), until: Date.parse(p.validUntil) }));
  }

  /** True when the Authorization header carries the secret (or a retiring one still valid) as a bearer token. */
  check(authorization: string | undefined): boolean {
    if (!authorization) return false;
    const m = /^Bearer\s+(.+)$/i.exec(authorization.trim());
    if (!m) return false;
    return this.matches(m[1].trim());
  }

  /** True when `token` is the secret or a retiring one still valid (each compared in constant time). */
  matches(token: string): boolean {
    const d = digest(token);
    let ok = timingSafeEqual(d, this.expected);
    const t = this.now();
    for (const r of this.retiring) ok = (timingSafeEqual(d, r.digest) && t < r.until) || ok;
    return ok;
  }
}

/** What bearerAuth does besides checking the token. */
export interface BearerAuthOptions {
  /** Called on each failed authentication (metrics). */
  onFailure?: () => void;
  /** Slows down repeated failures per client address (429 with Retry-After). */
  limiter?: AuthFailureLimiter;
}

/** The TCP peer address of a request (the Node server's socket), or "unknown". */
export function clientAddress(c: Context): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'unknown';
}

/**
 * Hono middleware refusing requests without the secret token (401, SCIM error body via onError); an address that
 * failed too often is answered 429 with Retry-After, its token not looked at (see auth-failure-limiter.ts).
 */
export function bearerAuth(checker: TokenChecker, opts: BearerAuthOptions = {}): MiddlewareHandler {
  return async (c, next) => {
    const address = opts.limiter ? clientAddress(c) : '';
    const wait = opts.limiter?.retryAfter(address) ?? 0;
    if (wait > 0) {
      opts.onFailure?.();
      // Set as well as returned: the host wraps this middleware and keeps c.res.
      c.res = c.json(
        {
          schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
          status: '429',
          detail: `Too many failed authentications from this address; retry after ${wait} s.`,
        },
        429,
        { 'Retry-After': String(wait), 'Content-Type': 'application/scim+json' },
      );
      return c.res;
    }
    if (!checker.check(c.req.header('authorization'))) {
      opts.onFailure?.();
      opts.limiter?.fail(address);
      c.header('WWW-Authenticate', 'Bearer realm="ferry"');
      throw new FerryError('unauthorized', 'Missing or wrong bearer token for this connector.');
    }
    await next();
  };
}
