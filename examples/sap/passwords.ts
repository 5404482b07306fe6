// Passwords of the stand-in: hashed as the demo application hashes them (shared code), plus SAP's generated
// initial passwords.
import { randomBytes } from 'node:crypto';
export { DEFAULT_PASSWORD_COST, hashPassword, isPasswordCost, verifyPassword } from '../demo-app/passwords.ts';

/** A password SAP-style GENERATE_PWD would hand out: 12 characters from an unambiguous alphabet. */
export function generatePassword(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!$%&';
  const bytes = randomBytes(12);
  return [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
}
