// The ListResponse of a list or search (RFC 7644 §3.4.2): shared by the SCIM routes and the host's fast read path.
import type { ListQuery, RequestContext, ResourceService } from '../resource-service.ts';
import { URN } from '../messages.ts';
import { project } from '../projection.ts';

/** A parsed list query with the projection parameters. */
export type ProjectedListQuery = ListQuery & { attributes?: string[]; excludedAttributes?: string[] };

/** Runs a parsed list query on a service and shapes the ListResponse body. */
export async function listResponse(
  svc: ResourceService,
  q: ProjectedListQuery,
  ctx: RequestContext,
): Promise<Record<string, unknown>> {
  const { totalResults, resources } = await svc.list(q, ctx);
  const shown = resources.map((r) => project(r, svc.type.schema, q.attributes, q.excludedAttributes));
  return {
    schemas: [URN.listResponse],
    totalResults,
    itemsPerPage: shown.length,
    startIndex: q.startIndex,
    Resources: shown,
  };
}

/** The Server-Timing header value of a request's timed steps, or undefined when none were timed. */
export function serverTiming(steps: { name: string; durationMs: number }[] | undefined): string | undefined {
  if (!steps?.length) return undefined;
  return steps.map((s) => `${s.name.replace(/[^A-Za-z0-9]+/g, '-')};dur=${s.durationMs}`).join(', ');
}
