// The one error catalogue: every error Ferry reports has a code here, with its HTTP status and SCIM scimType,
// and every kind of failure the layers below report (HTTP call, export result, flow) maps onto a code here.
import { isFailureKind, type FailureKind } from './failure-kinds.ts';

/** SCIM scimType values of RFC 7644 §3.12 (plus none). */
export type ScimType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive';

interface CatalogueEntry {
  status: number;
  scimType?: ScimType;
  /** What an operator should do about it (shown in the provisioning log). */
  recommendation: string;
}

/** Every error code Ferry can return, with its HTTP status, SCIM scimType and a recommendation. */
export const CATALOGUE = {
  invalid_filter: {
    status: 400,
    scimType: 'invalidFilter',
    recommendation: 'Fix the filter expression (RFC 7644 §3.4.2.2).',
  },
  too_many: { status: 400, scimType: 'tooMany', recommendation: 'Narrow the filter or page through the results.' },
  uniqueness: {
    status: 409,
    scimType: 'uniqueness',
    recommendation: 'An object with this unique value already exists; match it instead of creating it.',
  },
  mutability: {
    status: 400,
    scimType: 'mutability',
    recommendation: 'Do not change read-only or immutable attributes.',
  },
  invalid_syntax: { status: 400, scimType: 'invalidSyntax', recommendation: 'Send a well-formed SCIM JSON body.' },
  invalid_path: {
    status: 400,
    scimType: 'invalidPath',
    recommendation: 'Use an attribute path the resource type defines.',
  },
  no_target: { status: 400, scimType: 'noTarget', recommendation: 'The path or filter matched nothing to operate on.' },
  invalid_value: {
    status: 400,
    scimType: 'invalidValue',
    recommendation: "Send a value of the attribute's type, and every required attribute.",
  },
  bulk_reference: {
    status: 409,
    scimType: 'invalidValue',
    recommendation: 'Refer only to bulkIds of POSTs in the same bulk request, and make those POSTs succeed.',
  },
  invalid_version: {
    status: 412,
    scimType: 'invalidVers',
    recommendation: 'Re-read the resource and retry with its current version.',
  },
  unauthorized: {
    status: 401,
    recommendation: 'Send the connector\'s secret token as "Authorization: Bearer <token>".',
  },
  forbidden: { status: 403, recommendation: 'This token does not open this resource.' },
  not_found: {
    status: 404,
    recommendation: 'The object does not exist in the connector space; it may have been deleted or not yet imported.',
  },
  method_not_allowed: { status: 405, recommendation: 'This endpoint does not support that method.' },
  unsupported_media_type: {
    status: 415,
    recommendation: 'Send Content-Type: application/scim+json or application/json.',
  },
  payload_too_large: { status: 413, recommendation: 'Send a smaller request body.' },
  not_implemented: { status: 501, recommendation: 'This operation is not supported by the connector.' },
  target_throttled: {
    status: 429,
    recommendation: 'The application is throttling; the client should retry after the indicated delay.',
  },
  target_unavailable: {
    status: 503,
    recommendation:
      'The application is unreachable, timed out or failed (5xx or a garbled answer); check that it is up and reachable from the host. The client retries later.',
  },
  store_unavailable: {
    status: 503,
    recommendation:
      "The host lost its PostgreSQL store (restarting, down or unreachable): check the database and the host's store.url. Nothing was changed; the client retries later, and the host recovers by itself when the database is back.",
  },
  target_credentials: {
    status: 503,
    recommendation:
      "The application refused the connector's own credentials (401/403): check the connector's credential parameters and that the account is allowed. The client retries later.",
  },
  target_invalid_value: {
    status: 400,
    scimType: 'invalidValue',
    recommendation:
      "The application refused a value of this object; correct the value (see the application's message).",
  },
  target_uniqueness: {
    status: 409,
    scimType: 'uniqueness',
    recommendation: 'The application already holds this object; match it instead of creating it.',
  },
  target_not_found: {
    status: 404,
    recommendation: 'The object is gone from the application; a full import brings the connector space in step.',
  },
  export_failed: {
    status: 400,
    scimType: 'invalidValue',
    recommendation: 'The application refused the change; see its message in the provisioning log.',
  },
  missing_attribute: {
    status: 400,
    scimType: 'invalidValue',
    recommendation: 'Map every attribute the application requires for this object.',
  },
  import_failed: {
    status: 503,
    recommendation: 'The import failed; the connector space keeps its previous content. See the error for its cause.',
  },
  import_leased: {
    status: 409,
    recommendation:
      'Another import of this connector is running on the host named in the message (the hosts of a cluster take turns); wait until it ends (`ferry status`), then start yours if still needed.',
  },
  job_running: {
    status: 409,
    recommendation:
      'Another run of this provisioning job holds it (the message says which and until when); wait for it to end. A run that stopped without releasing the job loses its hold within a minute.',
  },
  deletions_held: {
    status: 503,
    recommendation:
      'A full import would remove more objects than the deletion threshold allows; nothing was removed. If the application really lost them, import again with --allow-deletes (or allowDeletes=true on the admin API).',
  },
  // The provisioning engine's own failures (src/provision): it is a SCIM client, so it never answers with these.
  ambiguous_match: {
    status: 409,
    scimType: 'uniqueness',
    recommendation:
      'More than one target object has this matching value: make the matching attribute unique in the target, or use another one.',
  },
  all_values_taken: {
    status: 409,
    scimType: 'uniqueness',
    recommendation:
      'Every value SelectUniqueValue tried is taken in the target: add more candidate expressions. The user is retried on later cycles.',
  },
  expression_failed: {
    status: 400,
    scimType: 'invalidValue',
    recommendation:
      "The expression cannot be evaluated with this user's values: fix the source data or the expression (try it with `ferry expr`).",
  },
  source_user_not_found: {
    status: 404,
    recommendation: "The source has no user with this id: give the value of the job's source id attribute.",
  },
  skipped: { status: 200, recommendation: 'Nothing to do: the operation was skipped on purpose.' },
  admin_unauthorized: {
    status: 401,
    recommendation: 'Sign in with the admin token (host.adminToken) or the read-only token (host.adminReadOnlyToken).',
  },
  csrf_refused: {
    status: 403,
    recommendation: 'Reload the console page (it sends the X-CSRF-Token header of its session with every change).',
  },
  read_only: { status: 403, recommendation: 'Sign in with the admin token to make changes.' },
  console_off: {
    status: 503,
    recommendation: 'Set host.adminToken (usually "${env:FERRY_ADMIN_TOKEN}") in ferry.yaml and restart the host.',
  },
  config_invalid: {
    status: 400,
    recommendation: 'Fix the listed settings; the running configuration was kept as it was.',
  },
  admin_bad_request: { status: 400, recommendation: 'Fix the request as the message says.' },
  admin_not_found: { status: 404, recommendation: 'Check the name: `ferry status` lists the connectors.' },
  admin_conflict: { status: 409, recommendation: 'The change conflicts with the current state; see the message.' },
  internal: {
    status: 500,
    recommendation: 'A bug in Ferry: its stack is in the host log under the request id; please report it.',
  },
} as const satisfies Record<string, CatalogueEntry>;

/** A code of the catalogue. */
export type ErrorCode = keyof typeof CATALOGUE;

/** A typed Ferry error: carries a catalogue code, a safe message, and optionally Retry-After seconds. */
export class FerryError extends Error {
  override readonly name: string = 'FerryError';
  readonly code: ErrorCode;
  readonly status: number;
  readonly scimType?: ScimType;
  readonly retryAfter?: number;

  constructor(code: ErrorCode, message: string, opts: { retryAfter?: number; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.code = code;
    const entry: CatalogueEntry = CATALOGUE[code];
    this.status = entry.status;
    this.scimType = entry.scimType;
    this.retryAfter = opts.retryAfter;
  }

  /** The operator recommendation for this error's code. */
  get recommendation(): string {
    return CATALOGUE[this.code].recommendation;
  }
}

/**
 * The one translation of failure kinds into catalogue codes, with the words that open the message. An
 * application's 500 is not Ferry's fault: it is `unavailable` (503), never `internal`.
 */
const KINDS: Record<FailureKind, { code: ErrorCode; words: string }> = {
  uniqueness: { code: 'target_uniqueness', words: 'The application says the object already exists' },
  conflict: { code: 'target_uniqueness', words: 'The application says the object already exists' },
  notFound: { code: 'target_not_found', words: 'The object does not exist in the application' },
  missingAttribute: { code: 'missing_attribute', words: 'An attribute the application requires is missing' },
  invalidValue: { code: 'target_invalid_value', words: 'The application refused a value' },
  throttled: { code: 'target_throttled', words: 'The application is throttling requests' },
  unavailable: { code: 'target_unavailable', words: 'The application is unreachable or failing' },
  timeout: { code: 'target_unavailable', words: 'The application did not answer in time' },
  invalidResponse: { code: 'target_unavailable', words: 'The application answered with something unreadable' },
  unauthorized: { code: 'target_credentials', words: "The application refused the connector's credentials" },
  rejected: { code: 'export_failed', words: 'The application refused the change' },
  stopRun: { code: 'export_failed', words: 'The application refused the change and stopped the run' },
};

/** Seconds a client waits before retrying when the application gave no Retry-After. */
export const DEFAULT_RETRY_AFTER_SECONDS = 30;

/** The catalogue code of a failure kind. */
export function codeOfKind(kind: FailureKind): ErrorCode {
  return KINDS[kind].code;
}

/** The FerryError of a failure kind: its own words, the detail, and Retry-After for the transient ones. */
export function failureOfKind(kind: FailureKind, detail: string, retryAfter?: number): FerryError {
  const { code, words } = KINDS[kind];
  const transient = CATALOGUE[code].status === 429 || CATALOGUE[code].status === 503;
  return new FerryError(code, detail ? `${words}: ${detail}` : `${words}.`, {
    retryAfter: retryAfter ?? (transient ? DEFAULT_RETRY_AFTER_SECONDS : undefined),
  });
}

/**
 * The recommendation for a failed import: the one of the failure's kind (refused credentials, unreachable …),
 * followed by the fact that the connector space kept its content.
 */
export function importRecommendation(e: unknown): string {
  const kind = (e as { kind?: unknown } | undefined)?.kind;
  const code: ErrorCode = e instanceof FerryError ? e.code : isFailureKind(kind) ? KINDS[kind].code : 'import_failed';
  const base = code === 'import_failed' ? 'See the error for its cause.' : CATALOGUE[code].recommendation;
  return `${base} The connector space keeps its previous content.`;
}

/** Shorthand constructors used throughout the SCIM layer. */
export const scimError = {
  invalidFilter: (msg: string) => new FerryError('invalid_filter', msg),
  invalidPath: (msg: string) => new FerryError('invalid_path', msg),
  invalidValue: (msg: string) => new FerryError('invalid_value', msg),
  invalidSyntax: (msg: string) => new FerryError('invalid_syntax', msg),
  mutability: (msg: string) => new FerryError('mutability', msg),
  noTarget: (msg: string) => new FerryError('no_target', msg),
  uniqueness: (msg: string) => new FerryError('uniqueness', msg),
  notFound: (msg: string) => new FerryError('not_found', msg),
};
