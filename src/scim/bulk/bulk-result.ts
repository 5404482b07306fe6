// The entries of a BulkResponse (RFC 7644 §3.7.3): one per operation run, with its outcome.
import { errorBody } from '../http/error-body.ts';
import { etagOf } from '../etag.ts';
import type { ScimResource } from '../resource-service.ts';
import type { BulkOperation } from './bulk-operation.ts';

/** One entry of a BulkResponse's Operations. */
export interface BulkResult {
  method: string;
  bulkId?: string;
  location?: string;
  version?: string;
  /** The HTTP status, as a string (RFC 7644 §3.7.3). */
  status: string;
  /** The SCIM error body of a failure. */
  response?: Record<string, unknown>;
}

/** The entry of an operation that succeeded; `resource` is what it wrote (none for DELETE). */
export function successResult(
  op: BulkOperation,
  status: number,
  location: string | undefined,
  resource?: ScimResource,
): BulkResult {
  const where = (resource?.meta as { location?: string } | undefined)?.location ?? location;
  const version = resource ? etagOf(resource) : undefined;
  return { ...head(op, where), ...(version ? { version } : {}), status: String(status) };
}

/**
 * The entry of an operation that failed with `e` (its safe SCIM error body, as the single endpoints answer; an
 * unexpected error's detail names `requestId`, under which the host log holds its stack).
 */
export function failureResult(
  op: BulkOperation,
  e: unknown,
  location: string | undefined,
  requestId?: string,
): BulkResult {
  const { status, body } = errorBody(e, requestId);
  return { ...head(op, location), status: String(status), response: body };
}

/** True when an entry records a failure. */
export function isFailure(r: BulkResult): boolean {
  return Number(r.status) >= 400;
}

function head(op: BulkOperation, location: string | undefined): Pick<BulkResult, 'method' | 'bulkId' | 'location'> {
  return {
    method: op.method,
    ...(op.bulkId !== undefined ? { bulkId: op.bulkId } : {}),
    ...(location ? { location } : {}),
  };
}
