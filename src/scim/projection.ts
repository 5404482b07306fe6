// attributes / excludedAttributes (RFC 7644 §3.4.2.5) and the `returned` characteristic of each attribute.
import type { ScimResource } from './resource-service.ts';
import type { ResourceSchema } from './schema/resource-schema.ts';
import type { AttributeDef } from './schema/types.ts';

type Json = Record<string, unknown>;

interface Target {
  /** Key of the holder: undefined = the resource itself, else the extension URN. */
  urn?: string;
  /** Canonical attribute name; undefined = the whole extension object. */
  name?: string;
  sub?: string;
}

/** Applies the client's attribute selection to one resource. */
export function project(
  res: ScimResource,
  schema: ResourceSchema,
  attributes?: string[],
  excluded?: string[],
): ScimResource {
  const base = dropNever(res, schema);
  if (attributes?.length)
    return pick(
      base,
      schema,
      attributes.map((p) => target(p, schema)).filter((t): t is Target => !!t),
    );
  if (excluded?.length)
    return omit(
      base,
      schema,
      excluded.map((p) => target(p, schema)).filter((t): t is Target => !!t),
    );
  return base;
}

function target(path: string, schema: ResourceSchema): Target | undefined {
  const { urn, rest } = schema.splitUrn(path.trim());
  if (!rest) return urn ? { urn } : undefined;
  const [name, sub] = rest.split('.');
  const r = schema.resolve({ urn, name, sub });
  if (!r) return undefined;
  return { urn: r.extension ? r.schema.id : undefined, name: r.attr.name, sub: r.subAttr?.name };
}

function defOf(schema: ResourceSchema, urn: string | undefined, name: string): AttributeDef | undefined {
  return schema.resolve({ urn, name })?.attr;
}

/**
 * Whether the attribute `name` of the holder `urn` (undefined: the resource itself) is returned "never", remembered
 * per schema and holder: resolving every key of every resource shown cost more than the rest of a read's
 * projection. Keys of parsed JSON are V8's internalised strings, so these lookups hash nothing new.
 */
const neverByHolder = new WeakMap<ResourceSchema, Map<string | undefined, Map<string, boolean>>>();
function isNever(schema: ResourceSchema, urn: string | undefined, name: string): boolean {
  let holders = neverByHolder.get(schema);
  if (!holders) neverByHolder.set(schema, (holders = new Map()));
  let known = holders.get(urn);
  if (!known) {
    if (holders.size >= 64) holders.clear(); // holders are schema URNs; a bound all the same
    holders.set(urn, (known = new Map()));
  }
  let never = known.get(name);
  if (never === undefined) {
    never = defOf(schema, urn, name)?.returned === 'never';
    if (known.size >= 1024) known.clear(); // keys are attribute names; a bound all the same
    known.set(name, never);
  }
  return never;
}

function dropNever(res: ScimResource, schema: ResourceSchema): ScimResource {
  let out: ScimResource | undefined;
  for (const k of Object.keys(res)) {
    const v = res[k];
    if (k.startsWith('urn:') && v && typeof v === 'object' && !Array.isArray(v)) {
      for (const name of Object.keys(v as Json)) {
        if (isNever(schema, k, name)) {
          out ??= { ...res };
          const copy = { ...(out[k] as Json) };
          delete copy[name];
          out[k] = copy;
        }
      }
    } else if (isNever(schema, undefined, k)) {
      out ??= { ...res };
      delete out[k];
    }
  }
  return out ?? res;
}

function pick(res: ScimResource, schema: ResourceSchema, targets: Target[]): ScimResource {
  const out: ScimResource = {};
  for (const [k, v] of Object.entries(res)) {
    if (k === 'schemas' || k === 'id') out[k] = v;
    else if (!k.startsWith('urn:') && defOf(schema, undefined, k)?.returned === 'always') out[k] = v;
  }
  for (const t of targets) {
    const holder = t.urn ? (res[t.urn] as Json | undefined) : res;
    if (!holder) continue;
    if (!t.name) {
      out[t.urn!] = holder;
      continue;
    }
    const v = holder[t.name];
    if (v === undefined) continue;
    const dest = t.urn ? ((out[t.urn] ??= {}) as Json) : out;
    if (!t.sub) dest[t.name] = v;
    else if (Array.isArray(v)) {
      const prev = (dest[t.name] as Json[] | undefined) ?? v.map(() => ({}));
      dest[t.name] = v.map((el, i) => ({
        ...prev[i],
        ...(el && typeof el === 'object' && t.sub! in el ? { [t.sub!]: (el as Json)[t.sub!] } : {}),
      }));
    } else if (v && typeof v === 'object' && t.sub in (v as Json)) {
      dest[t.name] = { ...((dest[t.name] as Json) ?? {}), [t.sub]: (v as Json)[t.sub] };
    }
  }
  return out;
}

function omit(res: ScimResource, schema: ResourceSchema, targets: Target[]): ScimResource {
  const out: ScimResource = { ...res };
  for (const t of targets) {
    if (!t.name) {
      if (t.urn) delete out[t.urn];
      continue;
    }
    if (defOf(schema, t.urn, t.name)?.returned === 'always' || (!t.urn && t.name === 'id')) continue;
    const holder = t.urn ? (out[t.urn] as Json | undefined) : out;
    if (!holder || holder[t.name] === undefined) continue;
    const copy = t.urn ? { ...holder } : holder;
    if (!t.sub) delete copy[t.name];
    else {
      const v = copy[t.name];
      if (Array.isArray(v))
        copy[t.name] = v.map((el) => {
          const c = { ...(el as Json) };
          delete c[t.sub!];
          return c;
        });
      else if (v && typeof v === 'object') {
        const c = { ...(v as Json) };
        delete c[t.sub];
        copy[t.name] = c;
      }
    }
    if (t.urn) out[t.urn] = copy;
  }
  return out;
}
