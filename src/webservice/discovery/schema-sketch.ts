// Turns an OpenAPI schema into the self-contained copy a project file keeps: references resolved (the project
// does not carry the document's components), recursion cut with a marker, nesting limited so one deep model
// cannot swell the file, and only the keywords that describe data kept.
import { isObject, refName, type JsonObject, type RefResolver } from './json-ref.ts';

/** Default deepest nesting of properties and items kept. */
export const DEFAULT_MAX_SCHEMA_DEPTH = 8;

/** Marks where a schema refers back to one it is inside; the value names the schema. */
export const RECURSIVE_MARK = 'x-ferry-recursive';
/** Marks a schema cut at the depth limit. */
export const TRUNCATED_MARK = 'x-ferry-truncated';

const KEPT = [
  'type',
  'format',
  'title',
  'description',
  'enum',
  'const',
  'default',
  'nullable',
  'readOnly',
  'writeOnly',
  'deprecated',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
  'required',
  'example',
  'examples',
] as const;

/** Options of {@link sketchSchema}. */
export interface SketchOptions {
  resolver: RefResolver;
  maxDepth?: number;
}

/** A self-contained copy of `schema` (found at `where`, for messages). */
export function sketchSchema(schema: unknown, where: string, opts: SketchOptions): unknown {
  return new Sketcher(opts.resolver, opts.maxDepth ?? DEFAULT_MAX_SCHEMA_DEPTH, where).sketch(schema, 0, []);
}

/** The JSON type of a schema, for a parameter's `type`: `string`, `integer`, `string[]`, … (undefined when unknown). */
export function schemaTypeName(schema: unknown): string | undefined {
  if (!isObject(schema)) return undefined;
  let declared = schema.type;
  // OpenAPI 3.1 writes nullable as a type list: the other member is the type that matters.
  if (Array.isArray(declared)) declared = declared.find((t) => t !== 'null') ?? declared[0];
  let type: string | undefined = typeof declared === 'string' ? declared : undefined;
  if (type === undefined && isObject(schema.properties)) type = 'object';
  if (type === undefined && schema.items !== undefined) type = 'array';
  if (type === 'array') {
    const item = schemaTypeName(schema.items);
    return item ? `${item}[]` : 'array';
  }
  return type;
}

class Sketcher {
  readonly #resolver: RefResolver;
  readonly #maxDepth: number;
  readonly #where: string;

  constructor(resolver: RefResolver, maxDepth: number, where: string) {
    this.#resolver = resolver;
    this.#maxDepth = maxDepth;
    this.#where = where;
  }

  /** `stack` holds the references being expanded around this schema: meeting one again is recursion. */
  sketch(schema: unknown, depth: number, stack: readonly string[]): unknown {
    // OpenAPI 3.1 allows boolean schemas (true: anything, false: nothing): they are already self-contained.
    if (typeof schema === 'boolean') return schema;
    if (!isObject(schema)) return undefined;
    if (typeof schema.$ref === 'string') return this.#followRef(schema, depth, stack);
    if (depth > this.#maxDepth) return this.#truncated(schema);
    const out: JsonObject = {};
    for (const key of KEPT) if (schema[key] !== undefined) out[key] = schema[key];
    if (isObject(schema.properties)) {
      const props: JsonObject = {};
      for (const [name, sub] of Object.entries(schema.properties)) {
        const s = this.sketch(sub, depth + 1, stack);
        if (s !== undefined) props[name] = s;
      }
      out.properties = props;
    }
    if (schema.items !== undefined) {
      const items = this.sketch(schema.items, depth + 1, stack);
      if (items !== undefined) out.items = items;
    }
    if (typeof schema.additionalProperties === 'boolean') out.additionalProperties = schema.additionalProperties;
    else if (isObject(schema.additionalProperties))
      out.additionalProperties = this.sketch(schema.additionalProperties, depth + 1, stack);
    // Alternatives count as a level too: with YAML aliases a document can nest a schema in itself without $ref.
    for (const key of ['oneOf', 'anyOf'] as const) {
      const list = schema[key];
      if (Array.isArray(list))
        out[key] = list.map((s) => this.sketch(s, depth + 1, stack)).filter((s) => s !== undefined);
    }
    if (Array.isArray(schema.allOf)) return this.#mergeAllOf(out, schema.allOf, depth, stack);
    return out;
  }

  #followRef(schema: JsonObject, depth: number, stack: readonly string[]): unknown {
    const ref = schema.$ref as string;
    const name = refName(ref);
    const target = this.#resolver.lookup(ref, this.#where);
    if (stack.includes(ref)) {
      const mark: JsonObject = { [RECURSIVE_MARK]: name };
      const type = isObject(target) ? target.type : undefined;
      return type === undefined ? mark : { type, ...mark };
    }
    const { $ref: _ignored, ...siblings } = schema;
    const resolved = this.sketch(isObject(target) ? { ...target, ...siblings } : target, depth, [...stack, ref]);
    // The component's name is the only trace of the model it came from once inlined: keep it as the title.
    if (
      isObject(resolved) &&
      resolved.title === undefined &&
      (resolved.type === 'object' || resolved.properties !== undefined)
    ) {
      return { title: name, ...resolved };
    }
    return resolved;
  }

  #truncated(schema: JsonObject): JsonObject {
    const out: JsonObject = {};
    if (schema.type !== undefined) out.type = schema.type;
    else if (schema.properties !== undefined) out.type = 'object';
    out[TRUNCATED_MARK] = true;
    return out;
  }

  /** allOf of object schemas (the usual way to extend a model) becomes one object; anything else stays a list. */
  #mergeAllOf(own: JsonObject, parts: unknown[], depth: number, stack: readonly string[]): JsonObject {
    const sketched = parts.map((p) => this.sketch(p, depth + 1, stack));
    const objects = sketched.every(
      (s) => isObject(s) && (s.type === 'object' || s.properties !== undefined) && s[RECURSIVE_MARK] === undefined,
    );
    if (!objects) return { ...own, allOf: sketched.filter((s) => s !== undefined) };
    const merged: JsonObject = { type: 'object' };
    const properties: JsonObject = {};
    const required = new Set<string>();
    for (const part of [...sketched, own] as JsonObject[]) {
      for (const [k, v] of Object.entries(part)) {
        if (k === 'properties' && isObject(v)) Object.assign(properties, v);
        else if (k === 'required' && Array.isArray(v)) for (const r of v) required.add(String(r));
        else if (k === 'type' || (k === 'title' && part !== own)) continue;
        else merged[k] = v;
      }
    }
    if (Object.keys(properties).length) merged.properties = properties;
    if (required.size) merged.required = [...required];
    return merged;
  }
}
