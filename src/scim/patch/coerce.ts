// Brings client values to the attribute's declared type, accepting the shapes Entra sends: "True"/"False" for
// booleans, numeric strings for numbers, complex values as JSON text, and a bare id for a complex reference.
import { scimError, type FerryError } from '../../errors/catalogue.ts';
import { findSubAttribute } from '../schema/resource-schema.ts';
import type { AttributeDef } from '../schema/types.ts';
import { MAX_JSON_DEPTH, jsonDepthExceededAt } from '../../util/json-depth.ts';
import { isPlainObject, type JsonObject } from './values.ts';

/** How coercion reports what it met. */
export interface CoerceContext {
  /** Where the value came from, for messages (e.g. `Operations[1].value`). */
  where: string;
  /** Called for a sub-attribute key the schema does not define (`label` is `attr.sub`). */
  onUnknown(label: string): void;
}

const INTEGER = /^[+-]?[0-9]+$/;
/** RFC 3339 / xsd:dateTime (RFC 7643 §2.3.5), with a date alone also accepted; Date.parse alone takes "1". */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:?\d{2})?)?$/;
/** Control characters no text value may hold: C0 but tab, line feed and carriage return, and DEL. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
/** Control characters an identifier may not hold either: tab, line breaks and C1. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const IDENTIFIER_CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** Attributes that identify or match an object, whatever their declared uniqueness. */
const IDENTIFIERS = new Set(['username', 'externalid', 'displayname', 'value']);

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
  // Entra sends complex multi-valued attributes such as roles as the JSON text of the list of their values. Text
  // of anything else is no such list: split, '["Admin","Reader"]' would become two member ids.
  if (def.type === 'complex' && typeof list === 'string') {
    const parsed = parseJsonText(list, label, ctx);
    if (parsed !== undefined && !(Array.isArray(parsed) ? parsed : [parsed]).every(isPlainObject))
      throw scimError.invalidValue(
        `${ctx.where}: '${label}' holds JSON text that is not a list of complex values; send [{"value": ...}]`,
      );
    list = parsed ?? list;
  }
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
    // A bare id where a complex reference is expected (Entra's manager) stands for its `value`; not so for
    // other complex values: `emails: "x"` is no email (it would be dropped for lack of a type).
    const valueDef = findSubAttribute(def, 'value');
    const reference = valueDef?.type === 'reference' || findSubAttribute(def, '$ref') !== undefined;
    if (valueDef && reference && (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'))
      v = { value: v };
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
      if (typeof value === 'string' && DATE_TIME.test(value.trim()) && !Number.isNaN(Date.parse(value))) return value;
      break;
    case 'complex':
      break;
    default:
      if (typeof value === 'string') return checkedText(def, value, label, ctx);
  }
  throw mismatch({ ...def, multiValued: false }, label, value, ctx);
}

/**
 * A text value the application can take: well-formed Unicode (a lone surrogate would reach it as U+FFFD) and no
 * control characters (the application refuses them, often with a 500), none at all in identifiers.
 */
function checkedText(def: AttributeDef, value: string, label: string, ctx: CoerceContext): string {
  const identifier = def.uniqueness !== 'none' || def.type === 'reference' || IDENTIFIERS.has(def.name.toLowerCase());
  if (LONE_SURROGATE.test(value))
    throw scimError.invalidValue(`${ctx.where}: '${label}' holds an unpaired UTF-16 surrogate (not a character)`);
  const bad = (identifier ? IDENTIFIER_CONTROL : CONTROL).exec(value);
  if (bad) {
    const code = `U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    throw scimError.invalidValue(
      `${ctx.where}: '${label}' holds the control character ${code} at position ${bad.index + 1}${identifier ? ' (not allowed in an identifier)' : ''}`,
    );
  }
  return value;
}

/** Parses text that looks like a JSON object or list; undefined when it does not look like one. */
function parseJsonText(text: string, label: string, ctx: CoerceContext): unknown {
  const t = text.trim();
  if (!(t.startsWith('[') || t.startsWith('{'))) return undefined;
  if (jsonDepthExceededAt(t) >= 0)
    throw scimError.invalidValue(
      `${ctx.where}: '${label}' holds JSON text nested more than ${MAX_JSON_DEPTH} levels deep`,
    );
  try {
    return JSON.parse(t);
  } catch (e) {
    throw scimError.invalidValue(
      `${ctx.where}: '${label}' holds JSON text that does not parse: ${(e as Error).message}`,
    );
  }
}
