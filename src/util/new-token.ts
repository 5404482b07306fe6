// A strong secret token, for connectors and the admin API.
import { randomBytes } from 'node:crypto';

/** A new random token: 32 bytes (256 bits) as base64url, 43 characters, no whitespace or padding. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}
