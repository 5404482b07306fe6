// API key authentication: the key travels in X-Api-Key, as many line-of-business APIs do.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { ApiError } from './errors.ts';

/** The header the key is sent in. */
export const API_KEY_HEADER = 'x-api-key';

// Keys are compared as SHA-256 digests: equal lengths for timingSafeEqual, and no leak of a key's length.
const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/** Checks request keys against the configured ones in constant time. */
export class ApiKeys {
  private readonly digests: Buffer[];

  constructor(keys: string[]) {
    this.digests = keys.map(digest);
  }

  /** The key a request authenticated with, or 401. */
  authenticate(req: IncomingMessage): string {
    const sent = req.headers[API_KEY_HEADER];
    if (typeof sent !== 'string' || sent === '') throw unauthorized('missing X-Api-Key header');
    const d = digest(sent);
    // Compare with every key (no early exit), so the time does not tell which key nearly matched.
    let ok = false;
    for (const k of this.digests) ok = timingSafeEqual(d, k) || ok;
    if (!ok) throw unauthorized('invalid API key');
    return sent;
  }
}

function unauthorized(message: string): ApiError {
  return new ApiError(401, 'unauthorized', message, undefined, { 'WWW-Authenticate': 'ApiKey header="X-Api-Key"' });
}
