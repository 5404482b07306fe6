// Runs one bulk operation through the same resource writes as the single-resource endpoints.
import { FerryError } from '../../errors/catalogue.ts';
import { createFromBody, patchFromBody, replaceFromBody } from '../resource-writes.ts';
import type { RequestContext, ResourceService, ScimResource } from '../resource-service.ts';
import type { BulkMethod } from './bulk-operation.ts';

/** A bulk operation ready to run: its references already replaced by resource ids; `id` is set for all but POST. */
export interface ResolvedOperation {
  method: BulkMethod;
  svc: ResourceService;
  id?: string;
  data?: unknown;
}

/** What an operation did: its HTTP status and the resource it wrote (none for DELETE). */
export interface Executed {
  status: number;
  resource?: ScimResource;
}

/** The URL of a resource, as meta.location gives it. */
export function resourceUrl(svc: ResourceService, id: string, ctx: RequestContext): string {
  return `${ctx.baseUrl}${svc.type.endpoint}/${encodeURIComponent(id)}`;
}

/** Runs the operation; throws as the single endpoint would. */
export async function executeOperation(op: ResolvedOperation, ctx: RequestContext): Promise<Executed> {
  const { method, svc, id, data } = op;
  if (method === 'POST') return { status: 201, resource: await createFromBody(svc, data, ctx) };
  // readOperation checked that the path names a resource.
  if (id === undefined) throw new FerryError('internal', `A bulk ${method} without a resource id.`);
  if (method === 'PUT') return { status: 200, resource: await replaceFromBody(svc, id, data, ctx) };
  if (method === 'PATCH') return { status: 200, resource: await patchFromBody(svc, id, data, ctx) };
  await svc.delete(id, ctx);
  return { status: 204 };
}
