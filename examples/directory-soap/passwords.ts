// Passwords are kept only as salted scrypt hashes; a low cost, because this is a stand-in service for tests.
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { DirectoryError } from './directory-error.ts';

const COST = 1024;

function derive(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, 32, { N: COST, r: 8, p: 1 }, (e, key) => (e ? reject(e) : resolve(key))),
  );
}

/** The directory's password policy: 8 to 256 characters with a letter and a digit. */
export function checkPolicy(password: string): void {
  if (password.length < 8 || password.length > 256 || !/\p{L}/u.test(password) || !/\p{N}/u.test(password)) {
    throw new DirectoryError(
      'PasswordPolicy',
      'the password must have 8 to 256 characters, with at least one letter and one digit',
    );
  }
}

/** `salt$hash` (base64url). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  return `${salt.toString('base64url')}$${(await derive(password, salt)).toString('base64url')}`;
}

/** Whether `password` matches a stored hash. */
export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  if (!stored) return false;
  const [salt, hash] = stored.split('$');
  const key = await derive(password, Buffer.from(salt, 'base64url'));
  const want = Buffer.from(hash, 'base64url');
  return want.length === key.length && timingSafeEqual(want, key);
}
