// Normalizes a POST/PUT resource body: declared attribute-name case, typed values, extension attributes moved
// under their schema URN (RFC 7643 §3.3), read-only and unknown attributes left out.
import { scimError } from '../../errors/catalogue.ts';
import { parseAttrWord } from '../filter/attr-path.ts';
import { findKey } from '../filter/read-value.ts';
import type { ResourceSchema } from '../schema/resource-schema.ts';
import type { AttrRef } from '../schema/types.ts';
import { coerceAttrValue, coerceSimple, type CoerceContext } from './coerce.ts';
import { extensionsInUse } from './schemas-list.ts';
import { isPlainObject, setKey, type JsonObject } from './values.ts';

/** A normalized body and the names of the attributes it dropped as unknown (for the caller to log). */
export interface NormalizedBody {
  resource: Record<string, unknown>;
  dropped: string[];
}

/**
 * Normalizes a POST/PUT body. Keys may be names in any case, `urn:...:attr` paths at top level, `name.sub`, or
 * schema URNs holding extension objects. `schemas` is rebuilt from the core id and the extensions present.
 */
export function normalizeResourceBody(body: unknown, schema: ResourceSchema): NormalizedBody {
  if (!isPlainObject(body)) throw scimError.invalidSyntax('The request body must be a JSON object (a SCIM resource)');
  checkSchemasList(body, schema);
  const out: JsonObject = {};
  const dropped: string[] = [];
  const ctx: CoerceContext = { where: 'body', onUnknown: (label) => dropped.push(label) };

  const place = (ref: Readonly<AttrRef>, value: unknown, label: string): void => {
    const r = schema.resolve(ref);
    if (!r || (r.subAttr === undefined && ref.sub !== undefined)) {
      dropped.push(label);
      return;
    }
    // Server-maintained attributes (id, meta, groups) are ignored on input (RFC 7643 §7).
    if (r.attr.mutability === 'readOnly' || r.subAttr?.mutability === 'readOnly') return;
    let box = out;
    if (r.extension) {
      const ext = out[r.schema.id];
      box = isPlainObject(ext) ? ext : (out[r.schema.id] = {});
    }
    if (r.subAttr) {
      if (r.attr.multiValued) {
        dropped.push(label);
        return;
      }
      const v = coerceSimple(r.subAttr, value, `${r.attr.name}.${r.subAttr.name}`, ctx);
      if (v === null) return;
      const parent = isPlainObject(box[r.attr.name]) ? (box[r.attr.name] as JsonObject) : (box[r.attr.name] = {});
      setKey(parent as JsonObject, r.subAttr.name, v);
      return;
    }
    const v = coerceAttrValue(r.attr, value, r.attr.name, ctx);
    if (v === null) return;
    const existing = box[r.attr.name];
    // The same attribute may come twice (in its extension object and as a urn: key): complex values merge.
    box[r.attr.name] = isPlainObject(existing) && isPlainObject(v) ? { ...existing, ...v } : v;
  };

  for (const [key, value] of Object.entries(body)) {
    if (key.toLowerCase() === 'schemas') continue;
    const split = schema.splitUrn(key);
    if (split.urn !== undefined && split.rest === '') {
      const named = schema.schemaById(split.urn);
      if (!named) {
        dropped.push(key);
        continue;
      }
      if (value === null || value === undefined) continue;
      if (!isPlainObject(value))
        throw scimError.invalidValue(`body: '${key}' must be an object of that schema's attributes`);
      for (const [inner, v] of Object.entries(value)) {
        const ref = refOf(inner, named.id);
        if (ref) place(ref, v, `${named.id}:${inner}`);
        else dropped.push(`${named.id}:${inner}`);
      }
      continue;
    }
    const ref = refOf(key, undefined, schema);
    if (ref) place(ref, value, key);
    else dropped.push(key);
  }

  const used = extensionsInUse(out, schema);
  return { resource: { schemas: [schema.core.id, ...used], ...out }, dropped };
}

/** The standard resource schemas (RFC 7643 §8.7.1): named by clients that send one body to any endpoint. */
const STANDARD_SCHEMAS = new Set(
  [
    'urn:ietf:params:scim:schemas:core:2.0:User',
    'urn:ietf:params:scim:schemas:core:2.0:Group',
    'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
    // RFC 7644's own bulk example (§3.7.3) misnames the User schema so; clients copy it.
    'urn:ietf:params:scim:api:messages:2.0:User',
  ].map((u) => u.toLowerCase()),
);

/**
 * A body's `schemas` (RFC 7643 §3) may name only schemas of this resource type or the standard ones: an unknown
 * URN means the client describes a resource this endpoint does not serve. A body without `schemas` is accepted
 * for lenient clients; the list is rebuilt either way.
 */
function checkSchemasList(body: JsonObject, schema: ResourceSchema): void {
  const key = findKey(body, 'schemas');
  if (key === undefined || body[key] === null) return;
  const list = body[key];
  if (!Array.isArray(list) || !list.every((s) => typeof s === 'string'))
    throw scimError.invalidValue('body: "schemas" must be a list of schema URNs');
  for (const urn of list as string[]) {
    if (schema.schemaById(urn) || STANDARD_SCHEMAS.has(urn.toLowerCase())) continue;
    const known = [schema.core.id, ...schema.extensions.map((e) => e.id)].join(', ');
    throw scimError.invalidValue(
      `body: "schemas" names ${JSON.stringify(urn.slice(0, 200))}, which this resource type does not have (it has ${known})`,
    );
  }
}

/** Parsed body keys per schema (null: not an attribute path): clients send the same few keys in every body. */
const parsedKeys = new WeakMap<object, Map<string, Readonly<AttrRef> | null>>();
const NO_SCHEMA = {};
/** Keys are the client's: a body of unknown keys must not grow the cache without bound. */
const MAX_PARSED_KEYS = 512;

/** The reference a body key names, or undefined when the key is not an attribute path at all. */
function refOf(key: string, urn: string | undefined, schema?: ResourceSchema): Readonly<AttrRef> | undefined {
  let known = parsedKeys.get(schema ?? NO_SCHEMA);
  if (!known) parsedKeys.set(schema ?? NO_SCHEMA, (known = new Map()));
  const cacheKey = urn === undefined ? key : `${urn}\u0000${key}`;
  const hit = known.get(cacheKey);
  if (hit !== undefined) return hit ?? undefined;
  let ref: Readonly<AttrRef> | null;
  try {
    const parsed = parseAttrWord(key, 0, schema, scimError.invalidPath).ref;
    ref = urn !== undefined && parsed.urn === undefined ? { ...parsed, urn } : parsed;
  } catch {
    ref = null;
  }
  if (known.size >= MAX_PARSED_KEYS) known.clear();
  known.set(cacheKey, ref);
  return ref ?? undefined;
}
