// Reads members of a client's JSON objects by name in any case (SCIM attribute names are case-insensitive).
import { findKey } from '../filter/read-value.ts';

/** The value of `name` in `obj`, matched in any case; undefined when absent. */
export function member(obj: Record<string, unknown>, name: string): unknown {
  const key = findKey(obj, name);
  return key === undefined ? undefined : obj[key];
}
