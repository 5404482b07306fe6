// Brings client values to the attribute's declared type, accepting the shapes Entra sends: "True"/"False" for
// booleans, numeric strings for numbers, complex values as JSON text, and a bare id for a complex reference.
import { scimError, type FerryError } from '../../errors/catalogue.ts';
import { findSubAttribute } from '../schema/resource-schema.ts';
import type { AttributeDef } from '../schema/types.ts';
import { isPlainObject, type JsonObject } from './values.ts';

/** How coercion reports what it met. */
export interface CoerceContext {
  /** Where the value came from, for messages (e.g. `Operations[1].value`). */
  where: string;
  /** Called for a sub-attribute key the schema does not define (`label` is `attr.sub`). */
  onUnknown(label: string): void;
}

const INTEGER = /^[+-]?[0-9]+$/;

function describe(v: unknown): string {
  const text = JSON.stringify(v);
  return text === undefined ? String(v) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function mismatch(def: AttributeDef, label: string, v: unknown, ctx: CoerceContext): FerryError {
  const kind = def.type === 'complex' ? 'a complex value' : `of type ${def.type}`;
  // A write-only attribute (a password) is never echoed back, not even when its value is wrong.
  const got =
    def.mutability === 'writeOnly' || def.returned === 'never'
      ? `a ${Array.isArray(v) ? 'list' : typeof v}`
      : describe(v);
  return scimError.invalidValue(
    `${ctx.where}: '${label}' must be ${kind}${def.multiValued ? ' (or a list of them)' : ''}; got ${got}`,
  );
}

/**
 * Coerces a value for attribute `def` (labelled `label` in messages). Returns null for "no value" (null, an
 * empty list, an empty complex value); throws invalidValue when the value cannot be of the attribute's type.
 */
export function coerceAttrValue(def: AttributeDef, value: unknown, label: string, ctx: CoerceContext): unknown {
  if (value === null || value === undefined) return null;
  if (!def.multiValued) {
    if (Array.isArray(value)) throw mismatch(def, label, value, ctx);
    return coerceSingle(def, value, label, ctx);
  }
  let list = value;
  // Entra sends complex multi-valued attributes such as roles as the JSON text of the list.
  if (def.type === 'complex' && typeof list === 'string') list = parseJsonText(list, label, ctx) ?? list;
  const items = Array.isArray(list) ? list : [list];
  const out: unknown[] = [];
  for (const item of items) {
    if (Array.isArray(item)) throw mismatch(def, label, item, ctx);
    const c = coerceSingle(def, item, label, ctx);
    if (c !== null) out.push(c);
  }
  return out.length ? out : null;
}

/** Coerces one element (or the single value) of attribute `def`. */
export function coerceSingle(def: AttributeDef, value: unknown, label: string, ctx: CoerceContext): unknown {
  if (value === null || value === undefined) return null;
  if (def.type === 'complex') return coerceComplex(def, value, label, ctx);
  return coerceSimple(def, value, label, ctx);
}

function coerceComplex(def: AttributeDef, value: unknown, label: string, ctx: CoerceContext): JsonObject | null {
  let v = value;
  if (typeof v === 'string') {
    const parsed = parseJsonText(v, label, ctx);
    if (parsed !== undefined) v = parsed;
  }
  if (!isPlainObject(v)) {
    // A bare id where a complex reference is expected (Entra's manager) stands for its `value`.
    const valueDef = findSubAttribute(def, 'value');
    if (valueDef && (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')) v = { value: v };
    else throw mismatch(def, label, value, ctx);
  }
  const out: JsonObject = {};
  for (const [key, raw] of Object.entries(v as JsonObject)) {
    const sub = findSubAttribute(def, key);
    if (!sub) {
      ctx.onUnknown(`${label}.${key}`);
      continue;
    }
    // Clients may echo server-maintained sub-attributes (a member's display); RFC 7643 §7 says to ignore them.
    if (sub.mutability === 'readOnly') continue;
    const c = sub.multiValued
      ? coerceAttrValue(sub, raw, `${label}.${sub.name}`, ctx)
      : coerceSimple(sub, raw, `${label}.${sub.name}`, ctx);
    if (c !== null) out[sub.name] = c;
  }
  return Object.keys(out).length ? out : null;
}

/** Coerces a simple (non-complex) value; null stays null. */
export function coerceSimple(def: AttributeDef, value: unknown, label: string, ctx: CoerceContext): unknown {
  if (value === null || value === undefined) return null;
  switch (def.type) {
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (typeof value === 'string') {
        const l = value.trim().toLowerCase();
        if (l === 'true') return true;
        if (l === 'false') return false;
      }
      break;
    case 'integer':
      if (typeof value === 'number' && Number.isInteger(value)) return value;
      if (typeof value === 'string' && INTEGER.test(value.trim())) return Number(value.trim());
      break;
    case 'decimal':
      if (typeof value === 'number' && Number.isFinite(value)) return value;
      if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
      break;
    case 'dateTime':
      if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return value;
      break;
    case 'complex':
      break;
    default:
      if (typeof value === 'string') return value;
  }
  throw mismatch({ ...def, multiValued: false }, label, value, ctx);
}

/** Parses text that looks like a JSON object or list; undefined when it does not look like one. */
function parseJsonText(text: string, label: string, ctx: CoerceContext): unknown {
  const t = text.trim();
  if (!(t.startsWith('[') || t.startsWith('{'))) return undefined;
  try {
    return JSON.parse(t);
  } catch (e) {
    throw scimError.invalidValue(
      `${ctx.where}: '${label}' holds JSON text that does not parse: ${(e as Error).message}`,
    );
  }
}
