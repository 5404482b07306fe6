// The kinds of failure the layers below the SCIM surface report, in one place: what a call to the application
// (HTTP or SOAP) and what an export result can say went wrong. The catalogue maps each onto one error code.

/** What an export of one object can report when it fails (ECMA2's export error kinds, and the transport's). */
export const EXPORT_ERROR_KINDS = [
  'uniqueness', // the object already exists
  'notFound', // the object is gone from the application
  'missingAttribute', // ExportErrorMissingProvisioningAttribute
  'invalidValue',
  'throttled', // retry later (Retry-After)
  'unavailable', // the application is down, timed out, answered 5xx or garbage
  'unauthorized', // the application refused the connector's own credentials (401/403)
  'rejected', // the application said no (ExportErrorCustomContinueRun)
  'stopRun', // ExportErrorCustomStopRun: stop the batch
] as const;

/** An export error kind. */
export type ExportErrorKind = (typeof EXPORT_ERROR_KINDS)[number];

/** What can go wrong with a call to the application. */
export const HTTP_ERROR_KINDS = [
  'throttled', // 429: retry after Retry-After
  'unavailable', // down, unreachable, 5xx, TLS trust failure
  'timeout', // an attempt or the whole operation ran out of time
  'invalidValue', // 400/422: the application refused the data it was sent
  'rejected', // the application said no otherwise (another 4xx, success criteria not met)
  'notFound', // 404/410
  'conflict', // 409: the object already exists
  'unauthorized', // 401/403, a refused credential or client certificate
  'invalidResponse', // garbage: unparseable JSON, a body too large, paging that loops
] as const;

/** A kind of failed call. */
export type HttpErrorKind = (typeof HTTP_ERROR_KINDS)[number];

/** Any kind of failure an application call or an export result reports. */
export type FailureKind = ExportErrorKind | HttpErrorKind;

const FAILURE_KINDS = new Set<string>([...EXPORT_ERROR_KINDS, ...HTTP_ERROR_KINDS]);

/** True when `k` names a failure kind (an error of another layer that says what kind it is). */
export function isFailureKind(k: unknown): k is FailureKind {
  return typeof k === 'string' && FAILURE_KINDS.has(k);
}

/** One row of a status map: a failure status (code or class such as "4xx"), an optional body pattern, the kind. */
export interface StatusMapRow {
  status: number | string;
  match?: string;
  kind: ExportErrorKind;
}

/** The default kind of a failure status (one that is neither success nor retried further). */
export function kindOfStatus(status: number): HttpErrorKind {
  if (status === 400 || status === 422) return 'invalidValue';
  if (status === 401 || status === 403 || status === 407) return 'unauthorized';
  if (status === 404 || status === 410) return 'notFound';
  if (status === 409) return 'conflict';
  if (status === 408) return 'timeout';
  if (status === 429) return 'throttled';
  if (status >= 500) return 'unavailable';
  return 'rejected';
}
