// Reading argument values as a SOAP layer hands them over: typed already, or the XML text (booleans, numbers).
import { DirectoryError } from './directory-error.ts';

/** Text of a value; undefined for absent, nil or empty. */
export function text(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'object') {
    // xsi:nil or an empty element may arrive as an object without content.
    if (Object.keys(v).length === 0) return undefined;
    throw new DirectoryError('InvalidValue', `expected a simple value, got a structure`);
  }
  const s = String(v);
  return s === '' ? undefined : s;
}

/** A required text value. */
export function required(v: unknown, name: string): string {
  const s = text(v)?.trim();
  if (!s) throw new DirectoryError('InvalidValue', `${name} is required`);
  return s;
}

/** xsd:boolean: true, false, 1 or 0. */
export function bool(v: unknown, name: string): boolean | undefined {
  if (typeof v === 'boolean') return v;
  const s = text(v)?.trim();
  if (s === undefined) return undefined;
  if (s === 'true' || s === '1') return true;
  if (s === 'false' || s === '0') return false;
  throw new DirectoryError('InvalidValue', `${name} must be true or false, not "${s}"`);
}

/** xsd:int within bounds. */
export function int(v: unknown, name: string, min: number, max: number): number | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'number' ? v : Number(text(v));
  if (!Number.isInteger(n) || n < min || n > max)
    throw new DirectoryError('InvalidValue', `${name} must be an integer from ${min} to ${max}`);
  return n;
}

/** A list as a SOAP layer may give it: an array, a single item, or nothing. */
export function items(v: unknown): unknown[] {
  return Array.isArray(v) ? v : v === undefined || v === null || v === '' ? [] : [v];
}
