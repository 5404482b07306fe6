// Turns what went wrong for one user into a provisioning log error: a code of the one catalogue
// (src/errors/catalogue.ts), the message and what to do about it. A failed SCIM request is sorted by the same
// status → kind → code defaults as the host's application calls, so both sides speak one vocabulary.
import { CATALOGUE, codeOfKind, type ErrorCode } from '../errors/catalogue.ts';
import { kindOfStatus } from '../errors/failure-kinds.ts';
import { MappingEvaluationError } from './mapping-evaluation.ts';
import type { ProvisioningError } from './report.ts';
import { ScimRequestError } from './scim-client.ts';

/** More than one target object has the matching value. */
export class AmbiguousMatchError extends Error {
  override readonly name: string = 'AmbiguousMatchError';
  constructor(message: string) {
    super(message);
  }
}

/**
 * Entra's own names for the codes it shares with Ferry, shown beside the code (never instead of it) so an
 * administrator can look them up in Entra's documentation.
 */
export const ENTRA_ERROR_LABELS: Readonly<Partial<Record<ErrorCode, string>>> = {
  ambiguous_match: 'DuplicateTargetEntries',
  target_uniqueness: 'EntryConflict',
};

/** The Entra name of a catalogue code, when Entra has one. */
export function entraErrorLabel(code: string): string | undefined {
  return ENTRA_ERROR_LABELS[code as ErrorCode];
}

// The catalogue's recommendations speak of a connector's application; the engine's target is a SCIM endpoint
// configured by the job's `target` section, so these codes get words of its own.
const UNREACHABLE =
  'Check that the target URL is right and the host is running, and its certificate is trusted (target.tls). The user is retried on later cycles.';
const FAILING = 'The target failed or is busy; the user is retried on later cycles with a growing wait.';
const REJECTED =
  'The target rejected the request: check that every mapped target attribute exists in its schema and the values fit their types.';
const TARGET_RECOMMENDATIONS: Readonly<Partial<Record<ErrorCode, string>>> = {
  target_unavailable: FAILING,
  target_throttled: FAILING,
  target_credentials: "The target refused the token: check target.token against the connector's secret token.",
  target_uniqueness:
    'The target already has an object with a unique value of this user: match it (check the matching attributes) or change the value.',
  target_not_found: 'The target object no longer exists; the next cycle matches the user again.',
  target_invalid_value: REJECTED,
  export_failed: REJECTED,
  internal: 'Unexpected error; see the message.',
};

function errorOf(code: ErrorCode, message: string, recommendation?: string): ProvisioningError {
  return {
    code,
    message,
    recommendation: recommendation ?? TARGET_RECOMMENDATIONS[code] ?? CATALOGUE[code].recommendation,
  };
}

/** The catalogue code of a failed SCIM request: unreachable is `target_unavailable`, a status by its kind. */
export function codeOfScimFailure(e: ScimRequestError): ErrorCode {
  return codeOfKind(e.status === null ? 'unavailable' : kindOfStatus(e.status));
}

/** The provisioning log error of a failure. */
export function classifyError(e: unknown): ProvisioningError {
  const message = e instanceof Error ? e.message : String(e);
  if (e instanceof AmbiguousMatchError) return errorOf('ambiguous_match', message);
  if (e instanceof MappingEvaluationError)
    return errorOf(e.code === 'allValuesTaken' ? 'all_values_taken' : 'expression_failed', message);
  if (e instanceof ScimRequestError)
    return errorOf(codeOfScimFailure(e), message, e.transport ? UNREACHABLE : undefined);
  return errorOf('internal', message);
}
