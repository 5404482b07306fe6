// The writes of one resource from a client's body (POST/PUT resource, PATCH message), shared by the single-resource
// routes and /Bulk so that both normalise, patch, log and fail alike.
import { scimError } from '../errors/catalogue.ts';
import { findKey } from './filter/read-value.ts';
import { applyPatchYielding, normalizeResourceBody } from './patch/engine.ts';
import { isPlainObject } from './patch/values.ts';
import { requireRequiredAttributes } from './required-attributes.ts';
import type { RequestContext, ResourceService, ScimResource } from './resource-service.ts';

/** POST: creates the resource a body describes. */
export function createFromBody(svc: ResourceService, body: unknown, ctx: RequestContext): Promise<ScimResource> {
  return svc.create(normalizeResourceBody(body, svc.type.schema).resource, ctx);
}

/** PUT: replaces a resource with the one a body describes. */
export function replaceFromBody(
  svc: ResourceService,
  id: string,
  body: unknown,
  ctx: RequestContext,
): Promise<ScimResource> {
  const resource = normalizeResourceBody(body, svc.type.schema).resource;
  requireRequiredAttributes(resource, svc.type.schema);
  return svc.replace(id, resource, ctx);
}

/** PATCH: applies a PatchOp message (or a bare list of operations, as RFC 7644's bulk example sends) to a resource. */
export function patchFromBody(
  svc: ResourceService,
  id: string,
  body: unknown,
  ctx: RequestContext,
): Promise<ScimResource> {
  const ops = patchOperations(body);
  return svc.modify(id, (current) => applyPatchYielding(current, ops, svc.type.schema), ctx);
}

function patchOperations(body: unknown): unknown {
  if (Array.isArray(body)) return body;
  const key = isPlainObject(body) ? findKey(body, 'Operations') : undefined;
  if (key === undefined) throw scimError.invalidSyntax('A PATCH body needs "Operations" (RFC 7644 §3.5.2).');
  return (body as Record<string, unknown>)[key];
}
