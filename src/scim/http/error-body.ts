// FerryError → SCIM error body (RFC 7644 §3.12).
import { FerryError } from '../../errors/catalogue.ts';
import { URN } from '../messages.ts';

/** The SCIM error body and status of any thrown value (unknown errors become a bland 500). */
export function errorBody(e: unknown): { status: number; body: Record<string, unknown>; retryAfter?: number } {
  const err =
    e instanceof FerryError ? e : new FerryError('internal', 'An unexpected error occurred; see the host log.');
  const body: Record<string, unknown> = { schemas: [URN.error], status: String(err.status), detail: err.message };
  if (err.scimType) body.scimType = err.scimType;
  return { status: err.status, body, retryAfter: err.retryAfter };
}
