// Writes openapi.yaml from openapi.ts: `node --import tsx examples/demo-app/write-openapi.ts` after changing the API.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { openApiDocument } from './openapi.ts';

/** Where the committed YAML lives. */
export const OPENAPI_YAML = fileURLToPath(new URL('./openapi.yaml', import.meta.url));

/** The YAML text of the OpenAPI document, exactly as committed. */
export function openApiYaml(): string {
  // aliasDuplicateObjects off: shared sub-objects are written out in full, no YAML anchors for tools to trip on.
  const body = stringify(openApiDocument, { lineWidth: 0, aliasDuplicateObjects: false });
  return `# Generated from openapi.ts by write-openapi.ts; do not edit by hand.\n${body}`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(OPENAPI_YAML, openApiYaml());
  process.stdout.write(`wrote ${OPENAPI_YAML}\n`);
}
