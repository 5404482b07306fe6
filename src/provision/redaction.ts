// Secrets (values Redact marked) must never be stored or shown: every string of a report is scrubbed of them
// before it reaches the provisioning log, the console or JSON output.
import { REDACTED } from './report.ts';

/**
 * `value` with every occurrence of a secret inside a string replaced by "[redacted]": a copy of what held one, the
 * very objects where nothing did (a report is scrubbed per user, and most hold no secret: no copy, no garbage).
 */
export function scrubSecrets<T>(value: T, secrets: ReadonlySet<string>): T {
  const list = [...secrets].filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
  if (list.length === 0) return value;
  return walk(value, list) as T;
}

function walk(v: unknown, secrets: readonly string[]): unknown {
  if (typeof v === 'string') {
    let s = v;
    for (const secret of secrets) if (s.includes(secret)) s = s.split(secret).join(REDACTED);
    return s;
  }
  if (Array.isArray(v)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const x = walk(v[i], secrets);
      if (x !== v[i]) (out ??= v.slice())[i] = x;
    }
    return out ?? v;
  }
  if (v !== null && typeof v === 'object') {
    let out: Record<string, unknown> | undefined;
    for (const [k, x] of Object.entries(v)) {
      const y = walk(x, secrets);
      if (y !== x) (out ??= { ...v })[k] = y;
    }
    return out ?? v;
  }
  return v;
}
