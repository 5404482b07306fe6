// The JSON Schema of ferry.yaml, as committed in schemas/ferry-config.schema.json for editors.
import { HostConfigSchema } from './host-config.ts';
import { toJsonSchema, type JsonSchema } from './json-schema.ts';

/** Repository path of the committed schema file. */
export const HOST_CONFIG_SCHEMA_FILE = 'schemas/ferry-config.schema.json';

/** The host configuration's JSON Schema (draft-07), ready for `# yaml-language-server: $schema=...`. */
export function hostConfigJsonSchema(): JsonSchema {
  return toJsonSchema(HostConfigSchema, { $schema: 'http://json-schema.org/draft-07/schema#' });
}

/** The schema file's exact text (pretty JSON, final newline). */
export function hostConfigJsonSchemaText(): string {
  return `${JSON.stringify(hostConfigJsonSchema(), null, 2)}\n`;
}
