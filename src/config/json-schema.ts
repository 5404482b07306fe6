// Turns a TypeBox schema into the plain JSON Schema used both for validation and for editor help.
import type { TSchema } from '@sinclair/typebox';
import { FilledByLoader } from './schema-helpers.ts';

/** A plain JSON Schema document. */
export type JsonSchema = { [key: string]: unknown };

/**
 * A plain JSON copy of `schema` in which properties that have a `default` (or are filled by the loader)
 * are no longer `required`: a file may omit them, and the loaded value always has them.
 */
export function toJsonSchema(schema: TSchema, extra: JsonSchema = {}): JsonSchema {
  return { ...extra, ...(strip(schema) as JsonSchema) };
}

function strip(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strip);
  if (node === null || typeof node !== 'object') return node;
  const src = node as Record<string | symbol, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(src)) out[key] = strip(src[key]);
  const props = src.properties as Record<string, Record<string | symbol, unknown>> | undefined;
  if (props && Array.isArray(src.required)) {
    const required = (src.required as string[]).filter((k) => {
      const p = props[k];
      return p === undefined || (p.default === undefined && p[FilledByLoader] !== true);
    });
    if (required.length > 0) out.required = required;
    else delete out.required;
  }
  return out;
}
