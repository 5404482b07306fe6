// Source attribute names are matched case-insensitively, as Entra does: [UserPrincipalName] reads userPrincipalName.
import type { ExprValue } from '../expr/types.ts';

/** The value of attribute `name` (exact spelling first, then ignoring case); null when absent. */
export function lookupAttribute(attributes: Readonly<Record<string, ExprValue | undefined>>, name: string): ExprValue {
  const exact = attributes[name];
  if (exact !== undefined) return exact;
  if (Object.hasOwn(attributes, name)) return null;
  const lower = name.toLowerCase();
  for (const key in attributes) {
    if (key.toLowerCase() === lower) return attributes[key] ?? null;
  }
  return null;
}

/** True when a value counts as empty for Entra (null, "", or an empty list). */
export function isEmptyValue(v: ExprValue | undefined): boolean {
  return v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
}

/** True when a value reads as boolean true ("True", "true", "1", true). */
export function isTruthy(v: ExprValue | undefined): boolean {
  if (v === true) return true;
  if (typeof v === 'number') return v !== 0;
  return typeof v === 'string' && /^(true|1|yes)$/i.test(v.trim());
}

/** True when a value reads as boolean false ("False", "false", "0", false). */
export function isFalsy(v: ExprValue | undefined): boolean {
  if (v === false) return true;
  if (typeof v === 'number') return v === 0;
  return typeof v === 'string' && /^(false|0|no)$/i.test(v.trim());
}
