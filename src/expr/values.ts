// Values inside the evaluator and the conversions between them, with .NET's spelling of booleans ("True") and
// Entra's of dates ("M/d/yyyy h:mm:ss tt").
import { DateTimeValue } from './datetime.ts';
import { MappingExpressionError } from './errors.ts';
import type { ExprValue } from './types.ts';

/** A value inside the evaluator: an ExprValue, or a date kept exact until it leaves. */
export type Val = ExprValue | DateTimeValue;

/** What an omitted optional argument evaluates to (distinct from null, which is a missing value). */
export type Arg = Val | undefined;

/** The text of a number as .NET prints it (integers without exponent up to 1e21). */
export function numberText(n: number): string {
  return String(n).replace('e+', 'E+').replace('e-', 'E-');
}

/** The text of a non-null value; a list gives its first value (callers that want every value handle lists). */
export function toStr(v: Val): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return numberText(v);
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (v instanceof DateTimeValue) return v.toString();
  if (Array.isArray(v)) return v.length === 0 || v[0] === null ? '' : toStr(v[0]);
  return '';
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const HEX = /^&[hH][0-9A-Fa-f]{1,16}$/;

/** A number from a number, a numeric string ("42", "&HFF") or a boolean (True = 1). */
export function toNum(v: Val, fn: string, what: string): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (Array.isArray(v)) {
    if (v.length === 0 || v[0] === null)
      throw new MappingExpressionError(`${what} is an empty list, not a number`, 'invalidValue', fn);
    return toNum(v[0], fn, what);
  }
  if (typeof v === 'string') {
    const t = v.trim();
    if (NUMBER.test(t)) return Number(t);
    if (HEX.test(t)) return Number(BigInt(`0x${t.slice(2)}`));
  }
  throw new MappingExpressionError(`${what} must be a number, not ${JSON.stringify(toStr(v))}`, 'invalidValue', fn);
}

/** A whole number, truncated toward zero as VBA's Fix does. */
export function toInt(v: Val, fn: string, what: string): number {
  return Math.trunc(toNum(v, fn, what));
}

/** A boolean from a boolean, "True"/"False" in any case, or a number (non-zero is True), as CBool converts. */
export function toBool(v: Val, fn: string, what: string): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') {
    const t = v.trim().toLowerCase();
    if (t === 'true') return true;
    if (t === 'false') return false;
    if (NUMBER.test(t)) return Number(t) !== 0;
  }
  if (Array.isArray(v) && v.length > 0 && v[0] !== null) return toBool(v[0], fn, what);
  throw new MappingExpressionError(
    `${what} must be True or False, not ${JSON.stringify(toStr(v))}`,
    'invalidValue',
    fn,
  );
}

/** True for null, the empty string and the empty list. */
export function isNullOrEmpty(v: Arg): boolean {
  return v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
}

/** The values of a possibly multi-valued value: a list as is, anything else as a list of one. */
export function toList(v: Val): Val[] {
  return Array.isArray(v) ? v : [v];
}

/** Converts an evaluator value to what leaves the evaluator: dates become Entra's date text. */
export function toExprValue(v: Val): ExprValue {
  return v instanceof DateTimeValue ? v.toString() : v;
}
