// Type checks and comparisons of attribute values in the demo application, strict as a typed REST API would be.
import type { AttrValue, ConnectorAttribute } from '../types.ts';

/** A value as given in an export: anything JSON may carry. */
export type InputValue = AttrValue | AttrValue[] | null | undefined;

/** The outcome of checking one attribute's input. */
export type CheckedValue = { ok: true; value: AttrValue | AttrValue[] | undefined } | { ok: false; message: string };

/** True when the input holds no value (the attribute is cleared). */
export function isBlank(v: InputValue): boolean {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
}

/** Checks an input against the attribute's type and arity; undefined value means "no value". */
export function checkValue(def: ConnectorAttribute, input: InputValue): CheckedValue {
  if (isBlank(input)) return { ok: true, value: undefined };
  const list = Array.isArray(input) ? input : [input as AttrValue];
  if (!def.multiValued && list.length > 1)
    return { ok: false, message: `'${def.name}' holds one value, got ${list.length}.` };
  for (const v of list) {
    const problem = typeProblem(def, v);
    if (problem) return { ok: false, message: problem };
  }
  return { ok: true, value: def.multiValued ? [...list] : list[0] };
}

function typeProblem(def: ConnectorAttribute, v: unknown): string | undefined {
  const bad = (what: string) => `'${def.name}' must be ${what}, got ${JSON.stringify(v)}.`;
  switch (def.type) {
    case 'integer':
      return typeof v === 'number' && Number.isSafeInteger(v) ? undefined : bad('an integer');
    case 'boolean':
      return typeof v === 'boolean' ? undefined : bad('true or false');
    case 'dateTime':
      return typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? undefined : bad('a date and time (ISO 8601)');
    case 'binary':
      return typeof v === 'string' && /^[A-Za-z0-9+/]*={0,2}$/.test(v) ? undefined : bad('base64 text');
    case 'string':
    case 'reference':
      return typeof v === 'string' ? undefined : bad('text');
  }
}

/** The comparison key of a value: lower case unless the attribute is caseExact. */
export function valueKey(def: ConnectorAttribute | undefined, v: AttrValue): string {
  const text = String(v);
  return def?.caseExact ? text : text.toLowerCase();
}

/** The values of a stored attribute as a list. */
export function listOf(v: AttrValue | AttrValue[] | undefined): AttrValue[] {
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}
