// The JSON Schema of ferry.yaml as the host serves it, and validation as you type (an interpreter: the
// Content-Security-Policy allows no eval, so no compiled validators).
import { Validator } from '@cfworker/json-schema';

/** The part of JSON Schema (draft 7, as TypeBox writes it) the console reads. */
export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  patternProperties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  required?: string[];
  description?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  [k: string]: unknown;
}

/** Problems found, by JSON pointer of the value ("/capabilities/exportType"); "" is the whole object. */
export type Problems = Map<string, string[]>;

/** The schema of one connector entry of ferry.yaml. */
export function connectorSchema(root: JsonSchema): JsonSchema {
  return root.properties?.connectors?.items ?? {};
}

/**
 * The schema as a file is written: a property with a default may be left out (loading fills it in), even where
 * the schema, describing the loaded configuration, lists it as required.
 */
function asWritten(s: JsonSchema): JsonSchema {
  const out: JsonSchema = { ...s };
  if (s.properties) {
    out.properties = Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, asWritten(v)]));
    if (s.required) out.required = s.required.filter((k) => s.properties?.[k]?.default === undefined);
  }
  if (s.items) out.items = asWritten(s.items);
  return out;
}

/** A validator of one connector entry: returns its problems by pointer (only the innermost ones). */
export function connectorValidator(root: JsonSchema): (value: unknown) => Problems {
  const v = new Validator(asWritten(connectorSchema(root)) as object, '7', false);
  return (value) => {
    const out: Problems = new Map();
    const errors = v.validate(value).errors.filter((e) => !['properties', 'items', 'allOf'].includes(e.keyword));
    for (const e of errors) {
      const at = e.instanceLocation.replace(/^#/, '');
      const msg = e.error.replace(/^Instance(?: does not match)?/, '').trim() || e.error;
      out.set(at, [...(out.get(at) ?? []), msg]);
    }
    return out;
  };
}

/** Turns the host's path (connectors[0].objectTypes[1].anchor) into a pointer within the connector (/objectTypes/1/anchor). */
export function pointerOf(path: string): string {
  const inner = path.replace(/^connectors\[\d+\]\.?/, '');
  if (!inner) return '';
  return `/${inner
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter(Boolean)
    .join('/')}`;
}
