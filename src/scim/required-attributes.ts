// RFC 7644 §3.5.1: PUT replaces the whole resource, so a body without a required attribute (userName spelled
// "userame") is refused with 400 invalidValue instead of clearing or silently keeping the attribute.
import { scimError } from '../errors/catalogue.ts';
import type { ResourceSchema } from './schema/resource-schema.ts';
import type { ScimResource } from './resource-service.ts';

/** Throws invalidValue when a required, client-writable core attribute is missing or empty in `body`. */
export function requireRequiredAttributes(body: ScimResource, schema: ResourceSchema): void {
  const keys = new Map(Object.keys(body).map((k) => [k.toLowerCase(), k]));
  for (const a of schema.core.attributes) {
    if (!a.required || a.mutability === 'readOnly' || a.name === 'id') continue;
    const key = keys.get(a.name.toLowerCase());
    const v = key === undefined ? undefined : body[key];
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0))
      throw scimError.invalidValue(
        `The attribute '${a.name}' is required: a PUT replaces the whole resource, so it must hold every required attribute (RFC 7644 §3.5.1).`,
      );
  }
}
