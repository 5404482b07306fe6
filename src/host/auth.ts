// Bearer-token check in constant time. Tokens are compared as SHA-256 digests so that neither their content
// nor their length leaks through timing; a token is never logged.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { FerryError } from '../errors/catalogue.ts';

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** A checker for one secret. */
export class TokenChecker {
  private readonly expected: Buffer;

  constructor(secret: string) {
    this.expected = digest(secret);
  }

  /** True when the Authorization header carries the secret as a bearer token. */
  check(authorization: string | undefined): boolean {
    if (!authorization) return false;
    const m = /^Bearer\s+(.+)$/i.exec(authorization.trim());
    if (!m) return false;
    return timingSafeEqual(digest(m[1].trim()), this.expected);
  }
}

/** Hono middleware refusing requests without the secret token (401, SCIM error body via onError). */
export function bearerAuth(checker: TokenChecker, onFailure?: () => void): MiddlewareHandler {
  return async (c, next) => {
    if (!checker.check(c.req.header('authorization'))) {
      onFailure?.();
      c.header('WWW-Authenticate', 'Bearer realm="ferry"');
      throw new FerryError('unauthorized', 'Missing or wrong bearer token for this connector.');
    }
    await next();
  };
}
