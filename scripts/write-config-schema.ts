// Writes the JSON Schemas editors use (host configuration, web service project, provisioning mapping file) from
// their TypeBox sources; `--check` only verifies they are current.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HOST_CONFIG_SCHEMA_FILE, hostConfigJsonSchemaText } from '../src/config/host-config-json-schema.ts';
import { toJsonSchema } from '../src/config/json-schema.ts';
import { ProjectSchema } from '../src/webservice/project/project-schema.ts';
import { MappingFileSchema } from '../src/provision/mapping-file.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const draft = { $schema: 'http://json-schema.org/draft-07/schema#' };
const files: [string, string][] = [
  [HOST_CONFIG_SCHEMA_FILE, hostConfigJsonSchemaText()],
  ['schemas/ferry-project.schema.json', `${JSON.stringify(toJsonSchema(ProjectSchema, draft), null, 2)}\n`],
  ['schemas/ferry-mappings.schema.json', `${JSON.stringify(toJsonSchema(MappingFileSchema, draft), null, 2)}\n`],
];

let stale = 0;
for (const [file, text] of files) {
  const target = join(root, file);
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(target, 'utf8');
    } catch {
      // missing counts as out of date
    }
    if (current !== text) {
      console.error(`${file} is out of date: run npm run schema`);
      stale++;
    }
  } else {
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
    console.log(`wrote ${file}`);
  }
}
if (stale) process.exit(1);
