// Reads attribute values out of resource JSON: exact key first (resources are normally stored in declared case),
// then a case-insensitive scan, since attribute names in SCIM are case-insensitive.

/** The value under `name` in `obj`, matching the key case-insensitively; undefined when absent or obj is no object. */
export function readKey(obj: unknown, name: string): unknown {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return undefined;
  const rec = obj as Record<string, unknown>;
  const direct = rec[name];
  if (direct !== undefined) return direct;
  const key = findKey(rec, name);
  return key === undefined ? undefined : rec[key];
}

/** The key of `obj` equal to `name` ignoring case (the exact key when present), or undefined. */
export function findKey(obj: Record<string, unknown>, name: string): string | undefined {
  if (Object.hasOwn(obj, name)) return name;
  const lower = name.toLowerCase();
  for (const k in obj) {
    if (k.length === name.length && k.toLowerCase() === lower && Object.hasOwn(obj, k)) return k;
  }
  return undefined;
}
