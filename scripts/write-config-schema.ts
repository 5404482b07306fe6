// Writes schemas/ferry-config.schema.json from the TypeBox schema; `--check` only verifies it is current.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HOST_CONFIG_SCHEMA_FILE, hostConfigJsonSchemaText } from '../src/config/host-config-json-schema.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, HOST_CONFIG_SCHEMA_FILE);
const text = hostConfigJsonSchemaText();

if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    // missing counts as out of date
  }
  if (current !== text) {
    console.error(`${HOST_CONFIG_SCHEMA_FILE} is out of date: run npm run schema`);
    process.exit(1);
  }
  console.log(`${HOST_CONFIG_SCHEMA_FILE} is up to date`);
} else {
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, text);
  console.log(`wrote ${HOST_CONFIG_SCHEMA_FILE}`);
}
