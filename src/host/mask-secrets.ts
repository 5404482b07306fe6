// A copy of a configuration fragment fit for the audit log and the console: the value of every setting named like a
// secret (tokens, passwords, keys), a store's url (host.store.url: a database URL holds its password) and the
// password of any URL written with one (`postgres://user:pw@db/x`) are masked, unless the value is a secret
// reference (`${env:X}`, `${file:X}`), which names where the secret is without revealing it.
import { isSecretReference } from '../config/secrets.ts';
import { isSecretName } from '../util/redact.ts';

/** What replaces a secret value. */
export const MASK = '***';

/** A deep copy of `value` with secret-named settings masked. */
export function maskSecrets(value: unknown, parentKey = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => maskSecrets(v));
  if (typeof value === 'string') return maskUrlPassword(value);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const secret = isSecretName(k) || (parentKey === 'store' && k === 'url');
    if (secret && v !== null && typeof v !== 'object' && !isSecretReference(v)) out[k] = MASK;
    else out[k] = maskSecrets(v, k);
  }
  return out;
}

/** `text` with the password of a URL's user info masked, when it is such a URL. */
function maskUrlPassword(text: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\/[^/@\s]*:[^/@\s]*@/i.test(text)) return text;
  try {
    const u = new URL(text);
    if (!u.password) return text;
    u.password = MASK;
    return u.toString();
  } catch {
    return text;
  }
}
