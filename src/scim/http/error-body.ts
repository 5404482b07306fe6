// FerryError → SCIM error body (RFC 7644 §3.12).
import { FerryError } from '../../errors/catalogue.ts';
import { URN } from '../messages.ts';

/**
 * The SCIM error body and status of any thrown value. An unknown error becomes a 500 whose detail gives the
 * request id under which the host log holds its stack (never the error's own text, which may hold data).
 */
export function errorBody(
  e: unknown,
  requestId?: string,
): { status: number; body: Record<string, unknown>; retryAfter?: number } {
  const err = e instanceof FerryError ? e : new FerryError('internal', 'An unexpected error occurred.');
  let detail = err.message;
  if (err.code === 'internal' && requestId !== undefined)
    detail = `${detail} Its stack is in the host log under request id ${requestId}.`;
  const body: Record<string, unknown> = { schemas: [URN.error], status: String(err.status), detail };
  if (err.scimType) body.scimType = err.scimType;
  return { status: err.status, body, retryAfter: err.retryAfter };
}
