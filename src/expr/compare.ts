// The comparison operators of conditions (= <> < <= > >=). Text compares case-sensitively (ordinal, as Switch
// does); a number on either side compares numerically, a date chronologically, a boolean as True/False.
import type { CompareOp } from './ast.ts';
import { parseDate } from './date-parse.ts';
import { DateTimeValue, TICKS_PER_MS } from './datetime.ts';
import { toStr, type Val } from './values.ts';

const NUMBER = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

function boolOf(v: Val): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const t = v.trim().toLowerCase();
    if (t === 'true') return true;
    if (t === 'false') return false;
  }
  return undefined;
}

function numOf(v: Val): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && NUMBER.test(v)) return Number(v);
  return undefined;
}

function ticksOf(v: Val): number | undefined {
  if (v instanceof DateTimeValue) return v.ms * TICKS_PER_MS + v.sub;
  if (typeof v === 'string') {
    const d = parseDate(v);
    return d ? d.ms * TICKS_PER_MS + d.sub : undefined;
  }
  return undefined;
}

function order(a: Val, b: Val): number {
  if (Array.isArray(a)) a = a.length === 0 ? '' : a[0];
  if (Array.isArray(b)) b = b.length === 0 ? '' : b[0];
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  if (typeof a === 'boolean' || typeof b === 'boolean') {
    const x = boolOf(a);
    const y = boolOf(b);
    if (x !== undefined && y !== undefined) return Number(x) - Number(y);
  } else if (a instanceof DateTimeValue || b instanceof DateTimeValue) {
    const x = ticksOf(a);
    const y = ticksOf(b);
    if (x !== undefined && y !== undefined) return x - y;
  } else if (typeof a === 'number' || typeof b === 'number') {
    const x = numOf(a);
    const y = numOf(b);
    if (x !== undefined && y !== undefined) return x - y;
  }
  const s = toStr(a);
  const t = toStr(b);
  return s < t ? -1 : s > t ? 1 : 0;
}

/** Compares two values; null when either is null (the reference: a condition on a null attribute fails). */
export function compareValues(op: CompareOp, a: Val, b: Val): boolean | null {
  if (a === null || b === null) return null;
  const c = order(a, b);
  switch (op) {
    case '=':
      return c === 0;
    case '<>':
      return c !== 0;
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    default:
      return c >= 0;
  }
}
