// Whether a mapped value already equals what the target holds. Sources give text ("True", "9999-12-31", "42")
// and targets answer with typed JSON (true, "9999-12-31T00:00:00Z", 42): the same value must not cause a PATCH.
import type { ExprValue } from '../expr/types.ts';

/** True when `desired` (a mapped value) and `current` (the target's JSON) are the same value. */
export function sameValue(desired: ExprValue, current: unknown): boolean {
  if (isEmpty(desired)) return isEmpty(current);
  if (isEmpty(current)) return false;
  if (Array.isArray(desired) || Array.isArray(current)) {
    const a = (Array.isArray(desired) ? desired : [desired]).map(norm).sort();
    const b = (Array.isArray(current) ? current : [current]).map(norm).sort();
    return a.length === b.length && a.every((x, i) => x === b[i]);
  }
  return sameScalar(desired, current);
}

function sameScalar(a: ExprValue, b: unknown): boolean {
  if (a === b) return true;
  const sa = scalarText(a);
  const sb = scalarText(b);
  if (sa === sb) return true;
  if (typeof b === 'boolean' || typeof a === 'boolean') return sa.toLowerCase() === sb.toLowerCase();
  if (typeof b === 'number' || typeof a === 'number')
    return Number(sa) === Number(sb) && sa.trim() !== '' && sb.trim() !== '';
  // Dates: "9999-12-31" and "9999-12-31T00:00:00Z" are the same instant; plain text never parses as both.
  if (DATE.test(sa) && DATE.test(sb)) {
    const ta = Date.parse(withZone(sa));
    const tb = Date.parse(withZone(sb));
    return !Number.isNaN(ta) && ta === tb;
  }
  return false;
}

const DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** Dates without a zone are UTC, as Entra writes them. */
function withZone(s: string): string {
  return /T|\s/.test(s) && !/(Z|[+-]\d{2}:?\d{2})$/.test(s) ? `${s.replace(' ', 'T')}Z` : s;
}

function isEmpty(v: unknown): boolean {
  return v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
}

function scalarText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && 'value' in (v as Record<string, unknown>))
    return scalarText((v as Record<string, unknown>).value);
  return JSON.stringify(v);
}

function norm(v: unknown): string {
  const s = scalarText(v);
  return /^(true|false)$/i.test(s) ? s.toLowerCase() : s;
}
