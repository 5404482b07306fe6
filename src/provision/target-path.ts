// Target attributes of mappings: ECMA extension names (`urn:…:ECMA2Host:2.0:User:city`) and SCIM paths
// (`name.givenName`, `emails[type eq "work"].value`), read from and written into SCIM resources.

/** A parsed target attribute. */
export interface TargetPath {
  /** As written in the mapping file (also the PATCH path). */
  readonly text: string;
  /** The extension schema URN, or undefined for a core attribute. */
  readonly schema: string | undefined;
  /** The attribute name. */
  readonly attribute: string;
  /** `[type eq "work"]`: the element of a multi-valued attribute whose sub-attribute equals a value. */
  readonly select: { readonly attribute: string; readonly value: string | boolean } | undefined;
  /** The sub-attribute (`.value`, `.givenName`). */
  readonly sub: string | undefined;
}

const NAME = /^[A-Za-z_$][\w$-]*$/;
const SELECT = /^\[\s*([A-Za-z_$][\w$-]*)\s+eq\s+(?:"((?:[^"\\]|\\.)*)"|(true|false))\s*\]$/i;
const CORE = /^urn:ietf:params:scim:schemas:core:2\.0:[A-Za-z]+$/i;

/** Parses a target attribute; throws an Error with a readable message when it is not one Ferry can write. */
export function parseTargetPath(text: string): TargetPath {
  const trimmed = text.trim();
  let schema: string | undefined;
  let rest = trimmed;
  if (/^urn:/i.test(trimmed)) {
    // The URN ends at the last colon before any value filter (filter values may contain colons).
    const bracket = trimmed.indexOf('[');
    const head = bracket >= 0 ? trimmed.slice(0, bracket) : trimmed;
    const colon = head.lastIndexOf(':');
    schema = trimmed.slice(0, colon);
    rest = trimmed.slice(colon + 1);
    if (CORE.test(schema)) schema = undefined;
  }
  const bracket = rest.indexOf('[');
  let attribute: string;
  let select: TargetPath['select'];
  let sub: string | undefined;
  if (bracket >= 0) {
    const close = rest.indexOf(']', bracket);
    if (close < 0) throw new Error(`"${text}": missing "]"`);
    attribute = rest.slice(0, bracket);
    const m = SELECT.exec(rest.slice(bracket, close + 1));
    if (!m) throw new Error(`"${text}": only a filter of the form [type eq "work"] is supported`);
    select = {
      attribute: m[1],
      value: m[3] !== undefined ? m[3].toLowerCase() === 'true' : (JSON.parse(`"${m[2]}"`) as string),
    };
    const after = rest.slice(close + 1);
    if (after) {
      if (!after.startsWith('.') || !NAME.test(after.slice(1)))
        throw new Error(`"${text}": expected ".subAttribute" after "]"`);
      sub = after.slice(1);
    }
  } else {
    const dot = rest.indexOf('.');
    attribute = dot >= 0 ? rest.slice(0, dot) : rest;
    sub = dot >= 0 ? rest.slice(dot + 1) : undefined;
    if (sub !== undefined && !NAME.test(sub)) throw new Error(`"${text}": "${sub}" is not an attribute name`);
  }
  if (!NAME.test(attribute)) throw new Error(`"${text}": "${attribute}" is not an attribute name`);
  return { text: trimmed, schema, attribute, select, sub };
}

/** The value at `path` in a SCIM resource (attribute names compared case-insensitively, as SCIM does). */
export function readTargetValue(resource: Readonly<Record<string, unknown>>, path: TargetPath): unknown {
  let container: unknown = resource;
  if (path.schema) container = getKey(resource, path.schema);
  let value = getKey(container, path.attribute);
  if (path.select) {
    if (!Array.isArray(value)) return undefined;
    value = value.find((el) => sameSelector(getKey(el, path.select!.attribute), path.select!.value));
    if (value === undefined) return undefined;
    return path.sub ? getKey(value, path.sub) : value;
  }
  return path.sub ? getKey(value, path.sub) : value;
}

/** Writes `value` at `path` into a resource being built for a POST (creating objects and list elements). */
export function writeTargetValue(body: Record<string, unknown>, path: TargetPath, value: unknown): void {
  let container = body;
  if (path.schema) container = child(body, path.schema);
  if (path.select) {
    const list = Array.isArray(container[path.attribute])
      ? (container[path.attribute] as Record<string, unknown>[])
      : [];
    container[path.attribute] = list;
    let el = list.find((e) => sameSelector(e[path.select!.attribute], path.select!.value));
    if (!el) {
      el = { [path.select.attribute]: path.select.value };
      list.push(el);
    }
    if (path.sub) el[path.sub] = value;
    else Object.assign(el, typeof value === 'object' && value !== null ? value : { value });
    return;
  }
  if (path.sub) child(container, path.attribute)[path.sub] = value;
  else container[path.attribute] = value;
}

/**
 * The SCIM filter that finds objects whose `path` equals `value`: `userName eq "x"`, and for a path with a
 * value filter the form RFC 7644 allows, `emails[type eq "work" and value eq "x"]`.
 */
export function equalityFilter(path: TargetPath, value: string | number | boolean): string {
  const literal = typeof value === 'string' ? JSON.stringify(value) : String(value);
  const prefix = path.schema ? `${path.schema}:` : '';
  if (path.select) {
    const sel = `${path.select.attribute} eq ${typeof path.select.value === 'string' ? JSON.stringify(path.select.value) : String(path.select.value)}`;
    return `${prefix}${path.attribute}[${sel} and ${path.sub ?? 'value'} eq ${literal}]`;
  }
  return `${prefix}${path.attribute}${path.sub ? `.${path.sub}` : ''} eq ${literal}`;
}

function sameSelector(a: unknown, b: string | boolean): boolean {
  if (typeof b === 'boolean') return a === b || (typeof a === 'string' && a.toLowerCase() === String(b));
  return typeof a === 'string' && a.toLowerCase() === b.toLowerCase();
}

function getKey(obj: unknown, key: string): unknown {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return undefined;
  const rec = obj as Record<string, unknown>;
  if (key in rec) return rec[key];
  const lower = key.toLowerCase();
  for (const k of Object.keys(rec)) if (k.toLowerCase() === lower) return rec[k];
  return undefined;
}

function child(obj: Record<string, unknown>, key: string): Record<string, unknown> {
  const cur = obj[key];
  if (cur !== null && typeof cur === 'object' && !Array.isArray(cur)) return cur as Record<string, unknown>;
  const fresh: Record<string, unknown> = {};
  obj[key] = fresh;
  return fresh;
}
