// The one error an HTTP call raises: what kind of failure it is (so the sync engine can answer Entra with the
// right SCIM status), and a message safe to log: method, path without secrets, status, and the start of the
// application's own error text.
import type { ExportErrorKind, HttpErrorKind } from '../errors/failure-kinds.ts';
import { kindOfStatus } from '../errors/failure-kinds.ts';

export type { HttpErrorKind };

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
  /** The export error kind a project's status map chose for this answer (it wins over `kind`'s default). */
  exportKind?: ExportErrorKind;
}

/** A failed call: its kind, status, Retry-After, attempts made, and a message that holds no secret. */
export class HttpCallError extends Error {
  override readonly name: string = 'HttpCallError';
  readonly kind: HttpErrorKind;
  readonly status?: number;
  readonly retryAfterSeconds?: number;
  readonly attempts: number;
  readonly code?: string;
  readonly exportKind?: ExportErrorKind;

  constructor(init: HttpCallErrorInit) {
    // No `cause`: an underlying error may carry request details; its code is all a reader needs.
    super(init.message);
    this.kind = init.kind;
    this.status = init.status;
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.attempts = init.attempts;
    this.code = init.code;
    this.exportKind = init.exportKind;
  }
}

/** True when `e` is an HttpCallError. */
export function isHttpCallError(e: unknown): e is HttpCallError {
  return e instanceof HttpCallError;
}

/** The export error kind an HTTP failure becomes (what the sync engine reports for the object). */
export function toExportErrorKind(e: HttpCallError | HttpErrorKind): ExportErrorKind {
  if (typeof e !== 'string' && e.exportKind) return e.exportKind;
  const kind = typeof e === 'string' ? e : e.kind;
  switch (kind) {
    case 'throttled':
      return 'throttled';
    // Garbage and 5xx are the application's trouble, not the object's: the client retries later.
    case 'unavailable':
    case 'timeout':
    case 'invalidResponse':
      return 'unavailable';
    case 'notFound':
      return 'notFound';
    case 'conflict':
      return 'uniqueness';
    case 'invalidValue':
      return 'invalidValue';
    case 'unauthorized':
      return 'unauthorized';
    case 'rejected':
      return 'rejected';
  }
}

export { kindOfStatus };

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
