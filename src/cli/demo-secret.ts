// Secrets of the demos: from the environment, or generated (and then printed, so a person can use them).
import { randomBytes } from 'node:crypto';

/** A secret from the environment, or a new random one set there (then `generated`). */
export function demoSecret(name: string): { value: string; generated: boolean } {
  const v = process.env[name];
  if (v) return { value: v, generated: false };
  const value = randomBytes(18).toString('base64url');
  process.env[name] = value;
  return { value, generated: true };
}
