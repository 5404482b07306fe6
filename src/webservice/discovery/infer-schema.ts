// A JSON-schema-like sketch of a sample value (discovery by hand): enough for a person, or a later schema
// discovery, to see the fields, their types and nesting without reading the sample itself.
import { isObject, type JsonObject } from './json-ref.ts';

/** Deepest nesting sketched; a sample deeper than this is cut (samples are hand-sized). */
const MAX_DEPTH = 12;

/** The shape of a sample JSON value: type, object properties, array items (merged over all items). */
export function inferSchema(sample: unknown, depth = 0): JsonObject {
  if (sample === null) return { type: 'null' };
  if (typeof sample === 'boolean') return { type: 'boolean' };
  if (typeof sample === 'number') return { type: Number.isInteger(sample) ? 'integer' : 'number' };
  if (typeof sample === 'string') {
    const format = stringFormat(sample);
    return format ? { type: 'string', format } : { type: 'string' };
  }
  if (depth >= MAX_DEPTH) return { type: Array.isArray(sample) ? 'array' : 'object' };
  if (Array.isArray(sample)) {
    if (sample.length === 0) return { type: 'array' };
    return { type: 'array', items: sample.map((v) => inferSchema(v, depth + 1)).reduce(mergeSchemas) };
  }
  if (isObject(sample)) {
    const properties: JsonObject = {};
    for (const [k, v] of Object.entries(sample)) properties[k] = inferSchema(v, depth + 1);
    return { type: 'object', properties };
  }
  return {};
}

/** Two sketches of items of one list: objects pool their properties; a null beside a type makes it nullable. */
function mergeSchemas(a: JsonObject, b: JsonObject): JsonObject {
  if (a.type === 'null' && b.type !== 'null') return { ...b, nullable: true };
  if (b.type === 'null') return a.type === 'null' ? a : { ...a, nullable: true };
  if (a.type === 'integer' && b.type === 'number') return b;
  if (a.type === 'object' && b.type === 'object' && isObject(a.properties) && isObject(b.properties)) {
    const properties: JsonObject = { ...a.properties };
    for (const [k, v] of Object.entries(b.properties)) {
      const mine = properties[k];
      properties[k] = isObject(mine) && isObject(v) ? mergeSchemas(mine, v) : v;
    }
    return { ...a, properties };
  }
  if (a.type === 'array' && b.type === 'array') {
    if (isObject(a.items) && isObject(b.items)) return { ...a, items: mergeSchemas(a.items, b.items) };
    return a.items ? a : b;
  }
  if (a.format !== undefined && a.type === b.type && a.format !== b.format) {
    const { format: _dropped, ...rest } = a;
    return rest;
  }
  return a;
}

function stringFormat(s: string): string | undefined {
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(s)) return 'date-time';
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return 'date';
  if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s)) return 'email';
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s)) return 'uuid';
  if (/^https?:\/\/\S+$/.test(s)) return 'uri';
  return undefined;
}
