import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HOST_CONFIG_SCHEMA_FILE, hostConfigJsonSchema, hostConfigJsonSchemaText } from './host-config-json-schema.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

test('the committed schema file is what the TypeBox schema produces (run npm run schema after a change)', () => {
  assert.equal(readFileSync(join(root, HOST_CONFIG_SCHEMA_FILE), 'utf8'), hostConfigJsonSchemaText());
});

test('settings with defaults are optional in the JSON Schema, and every object refuses unknown keys', () => {
  const schema = hostConfigJsonSchema() as { required?: string[]; properties: Record<string, { required?: string[] }> };
  assert.deepEqual(schema.required, ['connectors']);
  assert.equal(schema.properties.host.required, undefined);
  const walk = (node: unknown, path: string): void => {
    if (node === null || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if (n.type === 'object' && n.properties) {
      assert.equal(n.additionalProperties, false, `${path} allows unknown keys`);
      for (const [k, v] of Object.entries(n.properties as Record<string, { description?: string }>)) {
        assert.ok(v.description || (v as { anyOf?: unknown }).anyOf, `${path}.${k} has no description`);
      }
    }
    for (const [k, v] of Object.entries(n)) walk(v, `${path}/${k}`);
  };
  walk(schema, '#');
});
