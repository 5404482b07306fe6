// The one error an HTTP call raises: what kind of failure it is (so the sync engine can answer Entra with the
// right SCIM status), and a message safe to log: method, path without secrets, status, and the start of the
// application's own error text.
import type { ExportErrorKind } from '../connector/types.ts';

/** What went wrong with a call to the application. */
export type HttpErrorKind =
  | 'throttled' // 429: retry after Retry-After
  | 'unavailable' // down, unreachable, 502/503/504, TLS trust failure
  | 'timeout' // an attempt or the whole operation ran out of time
  | 'rejected' // the application said no (4xx, 500, success criteria not met)
  | 'notFound' // 404/410
  | 'conflict' // 409: the object already exists
  | 'unauthorized' // 401/403, a refused credential or client certificate
  | 'invalidResponse'; // garbage: unparseable JSON, a body too large, paging that loops

/** How much of the application's error text a message keeps. */
export const APP_TEXT_LIMIT = 200;

/** The fields of an HttpCallError. */
export interface HttpCallErrorInit {
  kind: HttpErrorKind;
  /** Already safe: built by `describeFailure` or free of request data. */
  message: string;
  status?: number;
  retryAfterSeconds?: number;
  attempts: number;
  /** The network or TLS error code (ECONNREFUSED, UND_ERR_HEADERS_TIMEOUT, CERT_HAS_EXPIRED…), when there was one. */
  code?: string;
}

/** A failed call: its kind, status, Retry-After, attempts made, and a message that holds no secret. */
export class HttpCallError extends Error {
  readonly kind: HttpErrorKind;
  readonly status?: number;
  readonly retryAfterSeconds?: number;
  readonly attempts: number;
  readonly code?: string;

  constructor(init: HttpCallErrorInit) {
    // No `cause`: an underlying error may carry request details; its code is all a reader needs.
    super(init.message);
    this.name = 'HttpCallError';
    this.kind = init.kind;
    this.status = init.status;
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.attempts = init.attempts;
    this.code = init.code;
  }
}

/** True when `e` is an HttpCallError. */
export function isHttpCallError(e: unknown): e is HttpCallError {
  return e instanceof HttpCallError;
}

/** The export error kind an HTTP failure becomes (what the sync engine reports for the object). */
export function toExportErrorKind(e: HttpCallError | HttpErrorKind): ExportErrorKind {
  const kind = typeof e === 'string' ? e : e.kind;
  switch (kind) {
    case 'throttled':
      return 'throttled';
    case 'unavailable':
    case 'timeout':
      return 'unavailable';
    case 'notFound':
      return 'notFound';
    case 'conflict':
      return 'uniqueness';
    case 'rejected':
    case 'unauthorized':
    case 'invalidResponse':
      return 'rejected';
  }
}

/** The error kind of a failure status (one that is neither success nor retried further). */
export function kindOfStatus(status: number): HttpErrorKind {
  if (status === 401 || status === 403 || status === 407) return 'unauthorized';
  if (status === 404 || status === 410) return 'notFound';
  if (status === 409) return 'conflict';
  if (status === 408) return 'timeout';
  if (status === 429) return 'throttled';
  if (status === 502 || status === 503 || status === 504) return 'unavailable';
  return 'rejected';
}

/**
 * `METHOD path → status: app text` (or `METHOD path: detail`), with the application's text cut to 200
 * characters on one line. Callers pass a path already stripped of secrets and scrub the result.
 */
export function describeFailure(
  method: string,
  safePath: string,
  detail: { status?: number; appText?: string; reason?: string },
): string {
  let msg = `${method} ${safePath}`;
  if (detail.status !== undefined) msg += ` → ${detail.status}`;
  if (detail.reason) msg += `: ${detail.reason}`;
  const text = detail.appText?.replace(/\s+/g, ' ').trim();
  if (text)
    msg += `${detail.reason ? ' —' : ':'} ${text.length > APP_TEXT_LIMIT ? `${text.slice(0, APP_TEXT_LIMIT)}…` : text}`;
  return msg;
}
