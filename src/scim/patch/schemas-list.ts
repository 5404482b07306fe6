// Keeps a resource's `schemas` list in step with the extension objects it carries (RFC 7643 §3: the list names
// the core schema and every extension in use), and drops extension objects left empty.
import type { ResourceSchema } from '../schema/resource-schema.ts';
import { findKey } from '../filter/read-value.ts';
import { isPlainObject, type JsonObject } from './values.ts';

/** Extension ids whose object is present and non-empty in the resource; empty extension objects are deleted. */
export function extensionsInUse(resource: JsonObject, schema: ResourceSchema): string[] {
  const used: string[] = [];
  for (const ext of schema.extensions) {
    const key = findKey(resource, ext.id);
    if (key === undefined) continue;
    const v = resource[key];
    if (isPlainObject(v) && Object.keys(v).length > 0) used.push(ext.id);
    else delete resource[key];
  }
  return used;
}

/** Updates an existing `schemas` array: adds extensions in use, removes this type's extensions no longer used. */
export function syncSchemasList(resource: JsonObject, schema: ResourceSchema): void {
  const used = extensionsInUse(resource, schema);
  const key = findKey(resource, 'schemas');
  if (key === undefined || !Array.isArray(resource[key])) return;
  const list = (resource[key] as unknown[]).filter(
    (s) => typeof s !== 'string' || !schema.isExtension(s) || used.some((u) => u.toLowerCase() === s.toLowerCase()),
  );
  for (const id of used) {
    if (!list.some((s) => typeof s === 'string' && s.toLowerCase() === id.toLowerCase())) list.push(id);
  }
  resource[key] = list;
}
