// bulkId references (RFC 7644 §3.7.2): the string "bulkId:X" stands for the id of the resource that the POST
// with bulkId X creates.
const PREFIX = 'bulkId:';

/** The bulkId a string refers to ("bulkId:X" → "X"), or undefined. */
export function referenceOf(value: string): string | undefined {
  return value.startsWith(PREFIX) && value.length > PREFIX.length ? value.slice(PREFIX.length) : undefined;
}

/** Every bulkId referred to by a string value anywhere inside a JSON value. */
export function referencesIn(value: unknown, into = new Set<string>()): Set<string> {
  if (typeof value === 'string') {
    const ref = referenceOf(value);
    if (ref !== undefined) into.add(ref);
  } else if (Array.isArray(value)) {
    for (const v of value) referencesIn(v, into);
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) referencesIn(v, into);
  }
  return into;
}

/** A copy of a JSON value with each reference whose bulkId `ids` knows replaced by that resource id. */
export function substituteReferences(value: unknown, ids: ReadonlyMap<string, string>): unknown {
  if (typeof value === 'string') {
    const ref = referenceOf(value);
    return ref !== undefined && ids.has(ref) ? ids.get(ref) : value;
  }
  if (Array.isArray(value)) return value.map((v) => substituteReferences(v, ids));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substituteReferences(v, ids)]));
  }
  return value;
}
