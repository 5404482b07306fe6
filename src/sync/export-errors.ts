// Maps a connector's export failure onto the error catalogue (and so onto a SCIM error Entra understands).
import { FerryError, type ErrorCode } from '../errors/catalogue.ts';
import type { ExportErrorKind } from '../connector/types.ts';

const CODES: Record<ExportErrorKind, ErrorCode> = {
  uniqueness: 'uniqueness',
  notFound: 'not_found',
  missingAttribute: 'missing_attribute',
  invalidValue: 'invalid_value',
  throttled: 'target_throttled',
  unavailable: 'target_unavailable',
  rejected: 'export_failed',
  stopRun: 'export_failed',
};

/** The FerryError for a failed export result. */
export function exportFailure(kind: ExportErrorKind, message: string, retryAfter?: number): FerryError {
  const code = CODES[kind];
  const ra = retryAfter ?? (code === 'target_throttled' || code === 'target_unavailable' ? 30 : undefined);
  return new FerryError(code, `The application refused the export: ${message}`, { retryAfter: ra });
}

/** Wraps an exception thrown by a connector (network error, timeout, bug) without leaking internals. */
export function connectorFailure(e: unknown, what: string): FerryError {
  if (e instanceof FerryError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  return new FerryError('target_unavailable', `${what} failed: ${msg}`, { retryAfter: 30, cause: e });
}
