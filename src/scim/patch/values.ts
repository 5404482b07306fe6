// Value helpers for PATCH: plain-object checks, SCIM equality of values, case-insensitive keys, primary flags.
import { findSubAttribute } from '../schema/resource-schema.ts';
import type { AttributeDef } from '../schema/types.ts';
import { findKey } from '../filter/read-value.ts';

/** A JSON object in resource or request data. */
export type JsonObject = Record<string, unknown>;

/** True for a non-null, non-array object. */
export function isPlainObject(v: unknown): v is JsonObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Structural equality of JSON values (key order ignored). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

/**
 * SCIM equality of two values of one attribute: strings fold case unless caseExact, dateTimes compare as
 * instants, complex values compare by their `value` sub-attribute when both have one (else structurally).
 */
export function sameValue(def: AttributeDef, a: unknown, b: unknown): boolean {
  if (def.type === 'complex') {
    const valueDef = findSubAttribute(def, 'value');
    if (valueDef && isPlainObject(a) && isPlainObject(b) && a.value !== undefined && b.value !== undefined) {
      return sameValue(valueDef, a.value, b.value);
    }
    return deepEqual(a, b);
  }
  if (typeof a === 'string' && typeof b === 'string') {
    if (def.type === 'dateTime') {
      const ta = Date.parse(a);
      const tb = Date.parse(b);
      if (!Number.isNaN(ta) && !Number.isNaN(tb)) return ta === tb;
    }
    return def.caseExact ? a === b : a.toLowerCase() === b.toLowerCase();
  }
  return deepEqual(a, b);
}

/**
 * A text key of a value with `sameValue(def, a, b)` exactly when the keys of a and b are equal, or undefined
 * when there is none (dateTimes, compared as instants). Lets a PATCH of a large group's members look values up
 * in a set instead of comparing every pair (a 100,000-member group took seconds per PATCH).
 */
export function valueKey(def: AttributeDef, v: unknown): string | undefined {
  if (def.type === 'complex') {
    const valueDef = findSubAttribute(def, 'value');
    if (valueDef && isPlainObject(v) && v.value !== undefined) {
      const k = valueKey(valueDef, v.value);
      return k === undefined ? undefined : `v${k}`;
    }
    return `d${canonicalText(v)}`;
  }
  if (typeof v === 'string') {
    if (def.type === 'dateTime') return undefined;
    return `s${def.caseExact ? v : v.toLowerCase()}`;
  }
  return `d${canonicalText(v)}`;
}

/** The keys of `values` (see valueKey), or undefined when one has none. */
export function valueKeys(def: AttributeDef, values: readonly unknown[]): Set<string> | undefined {
  const keys = new Set<string>();
  for (const v of values) {
    const k = valueKey(def, v);
    if (k === undefined) return undefined;
    keys.add(k);
  }
  return keys;
}

/** JSON with object keys sorted at every level: equal text exactly for deepEqual values. */
function canonicalText(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalText).join(',')}]`;
  if (isPlainObject(v))
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalText(v[k])}`)
      .join(',')}}`;
  return JSON.stringify(v) ?? 'undefined';
}

/** Writes `obj[name] = value`, replacing a key spelled in another case so the result has the declared name. */
export function setKey(obj: JsonObject, name: string, value: unknown): void {
  const existing = findKey(obj, name);
  if (existing !== undefined && existing !== name) delete obj[existing];
  obj[name] = value;
}

/** Deletes `name` in any case; true when something was there. */
export function deleteKey(obj: JsonObject, name: string): boolean {
  const existing = findKey(obj, name);
  if (existing === undefined) return false;
  delete obj[existing];
  return true;
}

/** After `chosen` became primary, clears `primary: true` on every other element (RFC 7643 §2.4: at most one). */
export function clearOtherPrimaries(items: unknown[], chosen: unknown): void {
  for (const item of items) {
    if (item !== chosen && isPlainObject(item) && item.primary === true) item.primary = false;
  }
}

/** When several elements claim primary, keeps the last one's claim. */
export function keepLastPrimary(items: unknown[]): void {
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    if (isPlainObject(item) && item.primary === true) {
      clearOtherPrimaries(items, item);
      return;
    }
  }
}
