// POST /Bulk (RFC 7644 §3.7): a BulkRequest in, a BulkResponse out.
import { URN } from '../messages.ts';
import type { RequestContext } from '../resource-service.ts';
import type { ServiceLookup } from '../service-lookup.ts';
import { readOperation } from './bulk-operation.ts';
import { parseBulkRequest } from './bulk-request.ts';
import { BulkRun } from './bulk-run.ts';

/** The BulkResponse of a BulkRequest body; throws (400, 413) only for a malformed request as a whole. */
export async function runBulk(
  body: Record<string, unknown>,
  lookup: ServiceLookup,
  ctx: RequestContext,
): Promise<Record<string, unknown>> {
  const request = parseBulkRequest(body);
  const run = new BulkRun(request.operations.map(readOperation), lookup, ctx, request.failOnErrors);
  return { schemas: [URN.bulkResponse], Operations: await run.all() };
}
