// Secrets (values Redact marked) must never be stored or shown: every string of a report is scrubbed of them
// before it reaches the provisioning log, the console or JSON output.
import { REDACTED } from './report.ts';

/** A deep copy of `value` in which every occurrence of a secret inside a string is replaced by "[redacted]". */
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
  if (Array.isArray(v)) return v.map((x) => walk(x, secrets));
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = walk(x, secrets);
    return out;
  }
  return v;
}
