// A copy of a configuration fragment fit for the audit log and the console: the value of every setting named like a
// secret (tokens, passwords, keys) is masked, unless it is a secret reference (`${env:X}`, `${file:X}`), which
// names where the secret is without revealing it.
import { isSecretReference } from '../config/secrets.ts';
import { isSecretName } from '../util/redact.ts';

/** What replaces a secret value. */
export const MASK = '***';

/** A deep copy of `value` with secret-named settings masked. */
export function maskSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskSecrets);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (isSecretName(k) && v !== null && typeof v !== 'object' && !isSecretReference(v)) out[k] = MASK;
    else out[k] = maskSecrets(v);
  }
  return out;
}
