// Write-only values (passwords) are kept only as salted scrypt hashes, like an application should.
import { randomBytes, scrypt, timingSafeEqual, type BinaryLike, type ScryptOptions } from 'node:crypto';

// A low cost: this is a demo application, and benchmarks create many users; the point is never to keep the clear text.
const COST: ScryptOptions = { N: 1024, r: 8, p: 1 };
const KEY_LENGTH = 32;

function derive(secret: BinaryLike, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(secret, salt, KEY_LENGTH, COST, (e, key) => (e ? reject(e) : resolve(key))),
  );
}

/** A "scrypt$salt$hash" string of a secret (base64 parts). */
export async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(secret, salt);
  return `scrypt$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** True when the secret matches the stored hash. */
export async function verifySecret(secret: string, stored: string | undefined): Promise<boolean> {
  const [scheme, salt, hash] = stored?.split('$') ?? [];
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await derive(secret, Buffer.from(salt, 'base64'));
  return key.length === expected.length && timingSafeEqual(key, expected);
}
